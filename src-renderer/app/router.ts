// Routes live in the URL's hash (`#/incident/inc_1`): the host serves one page, Electron loads one file, and a
// deep link only has to set the hash.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'queue' }
  | { name: 'incident'; id: string }
  | { name: 'new' }
  | { name: 'team' }
  | { name: 'reports' }
  | { name: 'oncall' }
  | { name: 'monitors' }
  | { name: 'status-pages' }
  | { name: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'incident' && parts[1]) return { name: 'incident', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'new') return { name: 'new' };
  if (parts[0] === 'team') return { name: 'team' };
  if (parts[0] === 'reports') return { name: 'reports' };
  if (parts[0] === 'oncall') return { name: 'oncall' };
  if (parts[0] === 'monitors') return { name: 'monitors' };
  if (parts[0] === 'status-pages') return { name: 'status-pages' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'queue' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'incident': return `#/incident/${encodeURIComponent(route.id)}`;
    case 'new': return '#/new';
    case 'team': return '#/team';
    case 'reports': return '#/reports';
    case 'oncall': return '#/oncall';
    case 'monitors': return '#/monitors';
    case 'status-pages': return '#/status-pages';
    case 'settings': return '#/settings';
    case 'queue': return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
