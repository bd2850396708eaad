// The one-line specs the on-call commands take, read into the API's bodies and written back for `show`:
//   layer:         start=2026-03-06T09:00,rotation=daily,turns=1,users=Alice+usr_b[,restrict=R+R…][,end=WALL][,name=N]
//   restriction:   daily:09:00-17:00   |   weekly:mon@09:00-fri@17:00   (an end at or before the start runs past midnight / the week's end)
//   policy level:  delay=5,targets=schedule:Primary+user:Alice
//   support hours: Europe/Berlin,mon-fri,09:00-17:00   (days: mon…sun or 1…7, ranges with -, several joined by +)
// Only the syntax is checked here; the values go through the API's schemas and the engine (bad zone, unknown person,
// impossible wall time), so the CLI refuses exactly what the API refuses.
import { TimeOfDay, type Restriction, type SupportHours } from '../../src-shared/schemas/oncall.ts';
import { UsageError } from './args.ts';

export const LAYER_SYNTAX = 'start=WALL_TIME,rotation=hourly|daily|weekly,turns=N,users=PERSON+PERSON…[,restrict=R+R…][,end=WALL_TIME][,name=NAME]';
export const RESTRICTION_SYNTAX = 'daily:09:00-17:00 or weekly:mon@09:00-fri@17:00';
export const LEVEL_SYNTAX = 'delay=MINUTES,targets=schedule:SCHEDULE+user:PERSON…';
export const SUPPORT_HOURS_SYNTAX = 'ZONE,DAYS,HH:MM-HH:MM (e.g. Europe/Berlin,mon-fri,09:00-17:00)';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_MIN = 24 * 60;
const WEEK_MIN = 7 * DAY_MIN;

/** `key=value` pairs joined by commas; each key at most once, only known ones, the required ones present. */
function pairs(spec: string, label: string, syntax: string, known: readonly string[], required: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part.trim() : part.slice(0, eq).trim();
    if (eq < 0 || !known.includes(key)) throw new UsageError(`${label}: "${part}" is not one of ${known.map((k) => `${k}=`).join(', ')}\n  syntax: ${syntax}`);
    if (out.has(key)) throw new UsageError(`${label}: ${key}= is given twice`);
    out.set(key, part.slice(eq + 1).trim());
  }
  const missing = required.filter((k) => !out.get(k));
  if (missing.length > 0) throw new UsageError(`${label} needs ${missing.map((k) => `${k}=`).join(', ')}\n  syntax: ${syntax}`);
  return out;
}

function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} takes a whole number, not "${text}"`);
  return Number(text);
}

/** Minutes since midnight of `HH:MM`, by the schema's own rule for a time of day. */
function minutesOf(text: string, label: string): number {
  if (!TimeOfDay.safeParse(text).success) throw new UsageError(`${label}: a time of day like 09:00, not "${text}"`);
  const [h, m] = text.split(':').map(Number);
  return h! * 60 + m!;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** ISO day 1 (Monday) … 7 (Sunday), from `mon`…`sun` or `1`…`7`. */
function dayOf(text: string, label: string): number {
  const i = DAYS.indexOf(text.toLowerCase() as (typeof DAYS)[number]);
  if (i >= 0) return i + 1;
  if (/^[1-7]$/.test(text)) return Number(text);
  throw new UsageError(`${label}: a day is mon…sun or 1…7 (1 = Monday), not "${text}"`);
}

export function parseRestriction(text: string, label: string): Restriction {
  const daily = /^daily:([^-]+)-([^-]+)$/.exec(text);
  if (daily) {
    const start = minutesOf(daily[1]!, label);
    return { type: 'daily', startTime: daily[1]!, durationMinutes: (minutesOf(daily[2]!, label) - start + DAY_MIN) % DAY_MIN || DAY_MIN };
  }
  const weekly = /^weekly:([^@]+)@([^-]+)-([^@]+)@([^-]+)$/.exec(text);
  if (weekly) {
    const startDay = dayOf(weekly[1]!, label);
    const start = (startDay - 1) * DAY_MIN + minutesOf(weekly[2]!, label);
    const end = (dayOf(weekly[3]!, label) - 1) * DAY_MIN + minutesOf(weekly[4]!, label);
    return { type: 'weekly', startDay, startTime: weekly[2]!, durationMinutes: (end - start + WEEK_MIN) % WEEK_MIN || WEEK_MIN };
  }
  throw new UsageError(`${label}: a restriction is ${RESTRICTION_SYNTAX}, not "${text}"`);
}

export function describeRestriction(r: Restriction): string {
  if (r.type === 'daily') return `daily:${r.startTime}-${hhmm((minutesOf(r.startTime, 'restriction') + r.durationMinutes) % DAY_MIN)}`;
  const start = (r.startDay - 1) * DAY_MIN + minutesOf(r.startTime, 'restriction');
  const end = (start + r.durationMinutes) % WEEK_MIN;
  return `weekly:${DAYS[r.startDay - 1]}@${r.startTime}-${DAYS[Math.floor(end / DAY_MIN)]}@${hhmm(end % DAY_MIN)}`;
}

/** A layer of CreateSchedule's body (unchecked: the schema checks it); people by id or exact name through `person`. */
export function parseLayer(spec: string, label: string, person: (ref: string) => string): Record<string, unknown> {
  const f = pairs(spec, label, LAYER_SYNTAX, ['start', 'rotation', 'turns', 'users', 'restrict', 'end', 'name'], ['start', 'rotation', 'users']);
  return {
    start: f.get('start'),
    rotation: f.get('rotation'),
    userIds: f.get('users')!.split('+').map((ref) => person(ref.trim())),
    ...(f.has('turns') ? { turns: wholeNumber(f.get('turns')!, `${label} turns`) } : {}),
    ...(f.has('restrict') ? { restrictions: f.get('restrict')!.split('+').map((r) => parseRestriction(r.trim(), `${label} restrict`)) } : {}),
    ...(f.has('end') ? { end: f.get('end') } : {}),
    ...(f.has('name') ? { name: f.get('name') } : {}),
  };
}

/** A level of CreateEscalationPolicy's body; `target` turns `schedule:REF` / `user:REF` into an id. */
export function parseLevel(spec: string, label: string, target: (type: 'user' | 'schedule', ref: string) => string): Record<string, unknown> {
  const f = pairs(spec, label, LEVEL_SYNTAX, ['delay', 'targets'], ['delay', 'targets']);
  return {
    delayMinutes: wholeNumber(f.get('delay')!, `${label} delay`),
    targets: f.get('targets')!.split('+').map((t) => {
      const colon = t.indexOf(':');
      const type = t.slice(0, colon).trim();
      if (colon < 0 || (type !== 'user' && type !== 'schedule')) throw new UsageError(`${label}: a target is schedule:SCHEDULE or user:PERSON, not "${t}"`);
      return { type, id: target(type, t.slice(colon + 1).trim()) };
    }),
  };
}

/** `mon-fri`, `sat+sun`, `1-5`, `fri-mon` (a range may wrap past Sunday). */
function parseDays(text: string, label: string): number[] {
  const days = new Set<number>();
  for (const part of text.split('+')) {
    const [from, to, ...more] = part.split('-');
    if (more.length > 0 || !from) throw new UsageError(`${label}: days are like mon-fri or sat+sun, not "${text}"`);
    const a = dayOf(from.trim(), label);
    const b = to === undefined ? a : dayOf(to.trim(), label);
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** `1,2,3,4,5` as `mon-fri`; `1,3` as `mon+wed`. */
export function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs.map(([a, b]) => (a === b ? DAYS[a - 1] : `${DAYS[a - 1]}-${DAYS[b - 1]}`)).join('+');
}

export function parseSupportHours(text: string, label: string): Record<string, unknown> {
  const parts = text.split(',').map((p) => p.trim());
  const hours = parts[2]?.split('-');
  if (parts.length !== 3 || hours?.length !== 2) throw new UsageError(`${label} takes ${SUPPORT_HOURS_SYNTAX} or none, not "${text}"`);
  return { timeZone: parts[0], days: parseDays(parts[1]!, label), start: hours[0], end: hours[1] };
}

export const describeSupportHours = (h: SupportHours): string => `${h.timeZone},${describeDays(h.days)},${h.start}-${h.end}`;
