// Who a held schedule has on call at an instant, remembered as spells: the pager asks about every open incident on
// every plan, and their escalation anchors (many different instants) fall in the same few spells, so a plan costs a
// binary search per question, not a schedule evaluation. Built anew whenever the schedules change (held() is a new
// object after every on-call op), so nothing remembered outlives the rules it was computed from.
//
// The answers are exactly `onCallAt(schedule, at)`'s (its default 90-day horizon): `end` is the first handoff to
// someone else within 90 days after `at`, else null. A spell is computed with twice that horizon, so that one whose
// person does not change for months (a one-person schedule) is remembered as [at − 180 days, at + 180 days] and
// answers every question whose 90 days ahead it covers, instead of being computed again for each instant. Answers
// are shared objects, made once per spell (callers read them, never change them).
import { onCallAt } from '../../src-shared/domain/oncall/schedule.ts';
import type { ScheduleLookup } from '../../src-shared/domain/oncall/escalation.ts';
import type { ScheduleState } from '../../src-shared/domain/oncall/fold.ts';

const DAY_MS = 86_400_000;
/** How far ahead an answer's `end` looks (onCallAt's default horizon). */
export const LOOKUP_HORIZON_MS = 90 * DAY_MS;
/** How far each way a spell is looked for when computed. */
const SPELL_HORIZON_MS = 2 * LOOKUP_HORIZON_MS;
/** Spells remembered per schedule before the lookup starts afresh (bounds memory over a long-running host). */
const MAX_SPELLS_PER_SCHEDULE = 2000;

/**
 * One person's (or a gap's) time on call, known to hold over [start, end). `handoff`: `end` is where someone else
 * comes on call; otherwise `end` is only as far as was looked (the person may well carry on).
 */
interface Spell { start: number; end: number; handoff: boolean; userId: string | null; answers: SpellAnswers }

/** The two answers a spell gives (the handoff at its end, or none within 90 days), made once: a plan asks thousands of times. */
interface SpellAnswers { handoff: Answer; none: Answer }
type Answer = { userId: string | null; end: number | null };
const answersOf = (userId: string | null, end: number): SpellAnswers => ({ handoff: { userId, end }, none: { userId, end: null } });

/** Index of the first spell starting after `atMs` in a list sorted by start (a schedule's spells never overlap). */
function firstAfter(list: readonly Spell[], atMs: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.start <= atMs) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** What onCallAt answers at `atMs` inside `spell`, if the spell knows enough to say (null: compute). */
function answerFrom(spell: Spell, atMs: number): Answer | null {
  if (atMs < spell.start || atMs >= spell.end) return null;
  if (spell.handoff) return spell.end <= atMs + LOOKUP_HORIZON_MS ? spell.answers.handoff : spell.answers.none;
  // No handoff known before `end`: "none within 90 days" holds only if the spell reaches 90 days past `atMs`.
  return atMs + LOOKUP_HORIZON_MS < spell.end ? spell.answers.none : null;
}

/**
 * Puts `spell` into the sorted list. Every spell held is true of the schedule, so one overlapping it is the same
 * person's spell seen from another instant: they become one, reaching as far as either.
 */
function remember(list: Spell[], spell: Spell): void {
  if (list.length >= MAX_SPELLS_PER_SCHEDULE) list.length = 0;
  let from = firstAfter(list, spell.start);
  if (from > 0 && list[from - 1]!.end > spell.start) from -= 1;
  let to = from;
  const merged = { ...spell };
  while (to < list.length && list[to]!.start < spell.end) {
    const other = list[to]!;
    merged.start = Math.min(merged.start, other.start);
    if (other.end > merged.end || (other.end === merged.end && other.handoff)) { merged.end = other.end; merged.handoff = other.handoff; }
    to += 1;
  }
  if (merged.end !== spell.end) merged.answers = answersOf(merged.userId, merged.end);
  list.splice(from, to - from, merged);
}

export function scheduleLookup(schedules: ReadonlyMap<string, ScheduleState>): ScheduleLookup {
  const spells = new Map<string, Spell[]>();

  /** Works the spell around `atMs` out from the rules, and remembers it. */
  const compute = (id: string, atMs: number): Answer | null => {
    const s = schedules.get(id);
    if (!s) return null;
    let list = spells.get(id);
    if (!list) { list = []; spells.set(id, list); }
    const found = onCallAt(s, atMs, SPELL_HORIZON_MS);
    // Null bounds: the same person throughout the horizon on that side (onCallAt's look includes its edges).
    const end = found.end ?? atMs + SPELL_HORIZON_MS + 1;
    const spell: Spell = {
      start: found.start ?? atMs - SPELL_HORIZON_MS, end, handoff: found.end !== null, userId: found.userId, answers: answersOf(found.userId, end),
    };
    remember(list, spell);
    return answerFrom(spell, atMs)!;
  };

  return {
    // Kept small: asked thousands of times a plan, almost always answered by a remembered spell.
    onCallAt(id, atMs) {
      const list = spells.get(id);
      if (list) {
        const at = firstAfter(list, atMs);
        const known = at > 0 ? answerFrom(list[at - 1]!, atMs) : null;
        if (known) return known;
      }
      return compute(id, atMs);
    },
  };
}
