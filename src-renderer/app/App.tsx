// The window: a header with the views, the errors any command raised, and the current view.
import { useRoute } from './router.ts';
import { Header } from './Header.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { QueuePage } from '../queue/QueuePage.tsx';
import { IncidentPage } from '../incident/IncidentPage.tsx';
import { NewIncidentPage } from '../new-incident/NewIncidentPage.tsx';
import { SettingsPage } from '../settings/SettingsPage.tsx';
import { TeamPage } from '../team/TeamPage.tsx';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { OnCallPage } from '../oncall/OnCallPage.tsx';
import { MonitorsPage } from '../monitors/MonitorsPage.tsx';
import { StatusPagesPage } from '../status-pages/StatusPagesPage.tsx';
import { KeyHelp } from '../keyboard/KeyHelp.tsx';
import { useGlobalKeys } from '../keyboard/useGlobalKeys.ts';

export function App() {
  const route = useRoute();
  const help = useGlobalKeys(route);
  return (
    <div className="app">
      <Header route={route} />
      <ErrorBanner />
      <main className="view">
        {route.name === 'queue' && <QueuePage />}
        {route.name === 'incident' && <IncidentPage id={route.id} />}
        {route.name === 'new' && <NewIncidentPage />}
        {route.name === 'oncall' && <OnCallPage />}
        {route.name === 'monitors' && <MonitorsPage />}
        {route.name === 'status-pages' && <StatusPagesPage />}
        {route.name === 'team' && <TeamPage />}
        {route.name === 'reports' && <ReportsPage />}
        {route.name === 'settings' && <SettingsPage />}
      </main>
      {help.open && <KeyHelp onClose={help.close} />}
    </div>
  );
}
