// The tray service (Signal Desktop's pattern): it decides what the tray shows — icon, tooltip, menu — from the
// incident queue, and draws it through an injected factory. main.ts passes Electron's Tray/Menu/nativeImage; the
// tests pass a fake tray and read back what a user would see.
import type { KlaxonHandlers } from '../../src-shared/api.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { ResponderStatus } from '../../src-shared/schemas/common.ts';
import { compareForQueue, effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import type { OnCallNow } from '../../src-shared/schemas/oncall.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';

/** A subset of Electron's MenuItemConstructorOptions, so `Menu.buildFromTemplate` takes it as it is. */
export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  click?: () => void;
  submenu?: TrayMenuItem[];
}

/** What the icon must show: idle, or triggered incidents waiting (with how many). */
export interface TrayIconState {
  kind: 'idle' | 'alert';
  triggered: number;
}

export interface TrayHandle {
  setIcon(state: TrayIconState): void;
  setToolTip(text: string): void;
  setMenu(items: TrayMenuItem[]): void;
  destroy(): void;
}

/** Makes the OS tray. `onClick` is a click on the icon itself (Windows/Linux open the window with it). */
export type TrayFactory = (initial: TrayIconState, onClick: () => void) => TrayHandle;

export interface TrayServiceOptions {
  createTray: TrayFactory;
  /** Commands go through the same handlers as the window's (same actor, same validation). */
  handlers: Pick<KlaxonHandlers, 'incidents.acknowledge' | 'settings.update' | 'oncall.now'>;
  /** Reads come straight from the engine: every open incident, so the top of the queue is exact however long it is. */
  engine: Pick<Engine, 'onChange' | 'openIncidentStates' | 'getSettings' | 'localUserId' | 'roster'>;
  clock: Clock;
  log: Logger;
  openWindow(): void;
  openIncident(id: string): void;
  quit(): void;
  /** Optional "Launch at login" checkbox; absent where the OS has no login items. */
  launchAtLogin?: { get(): boolean; set(enabled: boolean): void };
  /** How many incidents the menu lists. */
  menuSize?: number;
  /** Coalesces bursts of changes (a storm of events) into one redraw. */
  debounceMs?: number;
  /** Snoozes end and pauses expire without a change event; redraw this often regardless. */
  refreshEveryMs?: number;
}

export interface TrayService {
  /** Re-reads the queue and redraws; resolves when drawn. */
  refresh(): Promise<void>;
  close(): void;
}

export const PAUSE_MS = 60 * 60 * 1000;
const TITLE_MAX = 60;

/**
 * Menu labels: one line with bidi and control characters shown as escapes (a title cannot pass for another), short,
 * and `&` is a mnemonic marker on Windows, so it is doubled to show as itself.
 */
export function menuLabel(text: string): string {
  const shown = displayText(text);
  const short = shown.length > TITLE_MAX ? `${shown.slice(0, TITLE_MAX - 1)}…` : shown;
  return short.replaceAll('&', '&&');
}

export function trayToolTip(triggered: number, acknowledged: number, pausedUntil: Date | null): string {
  const lines = [
    triggered + acknowledged === 0
      ? 'Klaxon — no open incidents'
      : `Klaxon — ${triggered} triggered, ${acknowledged} acknowledged`,
  ];
  if (pausedUntil) lines.push(`Notifications paused until ${hhmm(pausedUntil)}`);
  return lines.join('\n');
}

/** "Fri 09:00": a weekday and a time in this machine's zone. */
export const dayAndTime = (ms: number): string => {
  const d = new Date(ms);
  return `${d.toLocaleDateString('en-GB', { weekday: 'short' })} ${hhmm(d)}`;
};

/**
 * The menu's on-call line: "You are on call until Fri 09:00 (Primary)" when this device's person is on call on a
 * schedule, else who is ("On call: Alice until Fri 09:00 (Primary)"), else nothing (no schedules).
 */
export function onCallLine(onCall: OnCallNow, me: string | null, names: ReadonlyMap<string, string>): string | null {
  const mine = me === null ? [] : onCall.schedules.filter((s) => s.userId === me);
  if (mine.length > 0) {
    // On several schedules at once: the spell that lasts longest says how long this person is on call.
    const last = mine.reduce((a, b) => ((a.until ?? '9') >= (b.until ?? '9') ? a : b));
    return `You are on call${last.until ? ` until ${dayAndTime(Date.parse(last.until))}` : ''} (${last.name})`;
  }
  const first = onCall.schedules.find((s) => s.userId !== null);
  if (!first) return onCall.schedules.length > 0 ? 'Nobody is on call' : null;
  const who = names.get(first.userId!) ?? first.userId!;
  return `On call: ${who}${first.until ? ` until ${dayAndTime(Date.parse(first.until))}` : ''} (${first.name})`;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export function createTrayService(opts: TrayServiceOptions): TrayService {
  const { handlers, clock, log } = opts;
  const menuSize = opts.menuSize ?? 5;
  const debounceMs = opts.debounceMs ?? 250;
  const refreshEveryMs = opts.refreshEveryMs ?? 30_000;
  const tray = opts.createTray({ kind: 'idle', triggered: 0 }, () => opts.openWindow());

  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;

  const act = (what: string, fn: () => Promise<unknown>) => () => {
    fn().then(() => refresh(), (err: unknown) => log.warn(`tray: ${what} failed: ${err instanceof Error ? err.message : String(err)}`));
  };

  function incidentItem(incident: IncidentState & { status: ResponderStatus }): TrayMenuItem {
    const waiting = incident.status === 'triggered';
    return {
      id: `incident:${incident.id}`,
      label: menuLabel(`${waiting ? '● ' : ''}${incident.urgency === 'HIGH' ? '' : '(low) '}${incident.title}`),
      type: 'submenu',
      submenu: [
        { id: `open:${incident.id}`, label: 'Open', click: () => opts.openIncident(incident.id) },
        {
          id: `ack:${incident.id}`,
          label: 'Acknowledge',
          enabled: waiting,
          click: act('acknowledge', () => handlers['incidents.acknowledge']({ ids: [incident.id] })),
        },
      ],
    };
  }

  async function onCallItem(): Promise<TrayMenuItem | null> {
    try {
      // Names from the roster as it is (listing people through the handlers would create this device's person).
      const names = new Map([...opts.engine.roster().users.values()].map((u) => [u.id, u.name]));
      const line = onCallLine(await handlers['oncall.now'](undefined), opts.engine.localUserId(), names);
      return line ? { id: 'oncall', label: menuLabel(line), enabled: false } : null;
    } catch (err) {
      log.warn(`tray: could not read who is on call: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  async function draw(): Promise<void> {
    if (closed) return;
    const now = clock.now();
    // Effective status: a snooze that has ended counts as triggered again, as everywhere else.
    const open = opts.engine.openIncidentStates()
      .map((s) => ({ ...s, status: effectiveStatus(s, now) }))
      .filter((s) => s.status === 'triggered' || s.status === 'acknowledged');
    const triggered = open.filter((s) => s.status === 'triggered').length;
    const acknowledged = open.length - triggered;
    const top = open.sort(compareForQueue).slice(0, menuSize);
    const pausedUntil = opts.engine.getSettings().notifications.pausedUntil;
    const paused = pausedUntil && Date.parse(pausedUntil) > now ? new Date(pausedUntil) : null;

    tray.setIcon({ kind: triggered > 0 ? 'alert' : 'idle', triggered });
    tray.setToolTip(trayToolTip(triggered, acknowledged, paused));

    const items: TrayMenuItem[] = [];
    const oncall = await onCallItem();
    if (oncall) items.push(oncall, { type: 'separator' });
    if (top.length === 0) items.push({ id: 'empty', label: 'No open incidents', enabled: false });
    else items.push(...top.map(incidentItem));
    if (open.length > top.length) items.push({ id: 'more', label: `${open.length - top.length} more…`, click: () => opts.openWindow() });
    items.push({ type: 'separator' }, { id: 'open-window', label: 'Open Klaxon', click: () => opts.openWindow() });
    items.push(paused
      ? {
        id: 'resume', label: `Resume notifications (paused until ${hhmm(paused)})`,
        click: act('resume', () => handlers['settings.update']({ notifications: { pausedUntil: null } })),
      }
      : {
        id: 'pause', label: 'Pause notifications for 1 h',
        click: act('pause', () => handlers['settings.update']({
          notifications: { pausedUntil: new Date(clock.now() + PAUSE_MS).toISOString() },
        })),
      });
    if (opts.launchAtLogin) {
      const launch = opts.launchAtLogin;
      items.push({
        id: 'launch-at-login', label: 'Launch at login', type: 'checkbox', checked: launch.get(),
        click: () => { launch.set(!launch.get()); void refresh(); },
      });
    }
    items.push({ type: 'separator' }, { id: 'quit', label: 'Quit Klaxon', click: () => opts.quit() });
    tray.setMenu(items);
  }

  /** One redraw at a time; a change during a redraw schedules exactly one more. */
  function refresh(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = draw()
      .catch((err: unknown) => log.warn(`tray: redraw failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
        if (again && !closed) {
          again = false;
          void refresh();
        }
      });
    return running;
  }

  let debounce: NodeJS.Timeout | null = null;
  const unsubscribe = opts.engine.onChange((change) => {
    if (change.incidentIds.length === 0 && !change.settings && !change.oncall && !change.roster) return;
    if (debounce) return;
    debounce = setTimeout(() => { debounce = null; void refresh(); }, debounceMs);
    debounce.unref?.();
  });
  const tick = setInterval(() => void refresh(), refreshEveryMs);
  tick.unref?.();
  void refresh();

  return {
    refresh,
    close() {
      closed = true;
      unsubscribe();
      clearInterval(tick);
      if (debounce) clearTimeout(debounce);
      tray.destroy();
    },
  };
}
