// Instants as this machine's wall clock reads them (`Fri 06 Mar 09:00`): on-call is read in local time.
const LOCAL = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `Fri 06 Mar 09:00` in this machine's zone. */
export function localWhen(iso: string): string {
  const parts = Object.fromEntries(LOCAL.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

/** This machine's IANA zone (`TZ`, or the system's). */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant a user typed: `now`, or kept as typed for the API's schema to check. */
export const instant = (value: string, nowMs: number): string => (value === 'now' ? new Date(nowMs).toISOString() : value);
