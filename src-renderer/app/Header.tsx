// Top bar: the views, a count of what is waiting for a responder, and (in a browser) signing out.
import type { Route } from './router.ts';
import { hrefFor } from './router.ts';
import { useApi, useQueue } from '../store/context.tsx';

export function Header({ route }: { route: Route }) {
  // Counted by the host, over the whole queue: the window holds only the rows in view.
  const triggered = useQueue((s) => s.triggeredTotal);
  const api = useApi();
  const link = (to: Route, label: string) => (
    <a href={hrefFor(to)} className="nav-link" aria-current={route.name === to.name ? 'page' : undefined}>{label}</a>
  );
  return (
    <header className="header">
      <span className="brand" aria-label="Klaxon">Klaxon</span>
      <nav className="nav" aria-label="Views">
        {link({ name: 'queue' }, 'Incidents')}
        {link({ name: 'new' }, 'New incident')}
        {link({ name: 'oncall' }, 'On call')}
        {link({ name: 'monitors' }, 'Monitors')}
        {link({ name: 'status-pages' }, 'Status pages')}
        {link({ name: 'team' }, 'Team')}
        {link({ name: 'reports' }, 'Reports')}
        {link({ name: 'settings' }, 'Settings')}
      </nav>
      <span className={triggered > 0 ? 'triggered-count active' : 'triggered-count'} role="status" aria-live="polite">
        {triggered === 0 ? 'All quiet' : `${triggered} triggered`}
      </span>
      {api.signOut && (
        <button type="button" className="btn btn-small" onClick={() => void api.signOut?.()}>Sign out</button>
      )}
    </header>
  );
}
