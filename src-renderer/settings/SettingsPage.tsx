// Settings: services and their integrations, outbound webhooks, this device's local actions, maintenance windows, API keys, browser sessions, where the receiver
// listens, Prometheus metrics, monitors' private targets, outgoing mail, notifications, who you are.
import { ServicesSection } from './ServicesSection.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import { ListenerSection } from './ListenerSection.tsx';
import { MetricsSection } from './MetricsSection.tsx';
import { SmtpSection } from './SmtpSection.tsx';
import { MonitorSettingsSection } from './MonitorSettingsSection.tsx';
import { NotificationsSection } from './NotificationsSection.tsx';
import { UserSection } from './UserSection.tsx';
import { MaintenanceSection } from '../maintenance/MaintenanceSection.tsx';
import { WebhooksSection } from '../integrations/WebhooksSection.tsx';
import { LocalActionsSection } from '../integrations/LocalActionsSection.tsx';

export function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <UserSection />
      <NotificationsSection />
      <ServicesSection />
      <WebhooksSection />
      <LocalActionsSection />
      <MaintenanceSection />
      <ApiKeysSection />
      <SessionsSection />
      <ListenerSection />
      <MetricsSection />
      <MonitorSettingsSection />
      <SmtpSection />
    </div>
  );
}
