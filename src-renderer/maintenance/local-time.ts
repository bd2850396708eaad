// `<input type="datetime-local">` speaks wall-clock time without a zone ("2024-01-15T02:00"); the API wants an
// instant. The conversion uses this machine's time zone, which is what the person typing the time means.

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** The ISO instant of a datetime-local value, or null when the field is empty or incomplete. */
export function localInputToIso(value: string): string | null {
  if (!LOCAL_DATE_TIME.test(value)) return null;
  // ECMAScript reads a date-time without an offset as local time.
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local value (to the minute, which is what the input shows) for an instant. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
