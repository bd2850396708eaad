// Entry: pick the bridge, build the stores, start listening to changes, render.
import './zod-jitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getKlaxonApi } from './bridge/get-api.ts';
import { createQueueStore } from './store/queue-store.ts';
import { createAdminStore } from './store/admin-store.ts';
import { startClock } from './store/now-store.ts';
import { App } from './app/App.tsx';
import { StoresContext, type AppStores } from './store/context.tsx';
import { connectStores } from './app/connect.ts';

const api = getKlaxonApi();
const stores: AppStores = { api, queue: createQueueStore({ api }), admin: createAdminStore(api) };
connectStores(stores);
startClock();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <App />
    </StoresContext.Provider>
  </StrictMode>,
);
