// Settings: services and their integrations, maintenance windows, API keys, browser sessions, where the receiver
// listens, Prometheus metrics, notifications, who you are.
import { ServicesSection } from './ServicesSection.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import { ListenerSection } from './ListenerSection.tsx';
import { MetricsSection } from './MetricsSection.tsx';
import { SmtpSection } from './SmtpSection.tsx';
import { NotificationsSection } from './NotificationsSection.tsx';
import { UserSection } from './UserSection.tsx';
import { MaintenanceSection } from '../maintenance/MaintenanceSection.tsx';

export function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <UserSection />
      <NotificationsSection />
      <ServicesSection />
      <MaintenanceSection />
      <ApiKeysSection />
      <SessionsSection />
      <ListenerSection />
      <MetricsSection />
      <SmtpSection />
    </div>
  );
}
