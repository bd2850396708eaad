// How an alert storm reads in one line: "Storm: 1,240 incidents in 5 min on Database — paging summarised".
import type { Storm } from '../../src-shared/schemas/incidents.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';

const number = new Intl.NumberFormat(undefined);
const names = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });

/** More services than this are summed up as "and N more". */
const MAX_NAMED = 2;

export function stormText(storm: Storm): string {
  const named = storm.services.slice(0, MAX_NAMED).map((s) => displayText(s.name));
  const rest = storm.services.length - named.length;
  const where = rest > 0 ? names.format([...named, `${rest} more ${rest === 1 ? 'service' : 'services'}`]) : names.format(named);
  return `Storm: ${number.format(storm.count)} incidents in ${storm.windowMinutes} min on ${where} — paging summarised`;
}
