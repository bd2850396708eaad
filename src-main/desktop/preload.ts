// Runs sandboxed, before the window's page, in an isolated world. It exposes exactly the KlaxonApi as
// `window.klaxon`; the page never gets ipcRenderer or any Node/Electron object.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('klaxon', createPreloadApi(ipcRenderer));
