// A colour per person on the On-call timelines and legends. Stable: a person keeps their colour on every schedule,
// every reload and every device of the team, because it comes from their place among all people ordered by when
// they were created (people are never removed) — and, unlike a hash of the id, two people never share one while
// there are fewer than a dozen or so.
import type { User } from '../../src-shared/schemas/team.ts';

// Successive golden-angle steps spread hues as far apart as they can be for any number of people. Reds are left
// out (hues 335°–25°): red is what a gap, nobody on call, looks like.
const GOLDEN_ANGLE = 137.508;
const FIRST_HUE = 210;
const RED_FREE_FROM = 25;
const RED_FREE_SPAN = 310;

const redFree = (hue: number) => RED_FREE_FROM + (hue * RED_FREE_SPAN) / 360;
const hueOfIndex = (i: number) => redFree((FIRST_HUE + i * GOLDEN_ANGLE) % 360);

/** FNV-1a: for an id that is not (yet) among the people listed. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export type ColorOf = (userId: string) => string;

export function colorsFor(users: readonly Pick<User, 'id' | 'createdAt'>[]): ColorOf {
  const order = [...users].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(order.map((u, i) => [u.id, i]));
  return (userId) => {
    const i = index.get(userId);
    const hue = i === undefined ? redFree(hash(userId) % 360) : hueOfIndex(i);
    return `hsl(${hue.toFixed(1)} 62% 42%)`;
  };
}
