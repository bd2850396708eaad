// People as every on-call view shows them: a name made safe to show and a colour of their own, from one list.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { User } from '../../src-shared/schemas/team.ts';
import { nowStore } from '../store/now-store.ts';
import { colorsFor, type ColorOf } from './colors.ts';
import { namesFor, type NameOf } from './format.ts';
import { useOnCall } from './context.ts';

export interface People { users: readonly User[]; nameOf: NameOf; colorOf: ColorOf }

const NONE: readonly User[] = [];

export function peopleOf(users: readonly User[] | null): People {
  const list = users ?? NONE;
  return { users: list, nameOf: namesFor(list), colorOf: colorsFor(list) };
}

export function usePeople(): People {
  const users = useOnCall((s) => s.users);
  return useMemo(() => peopleOf(users), [users]);
}

/** The clock to the minute: enough for "until 14:05", without a render every second. */
export const useMinute = (): number => useStore(nowStore, (s) => Math.floor(s.now / 60_000) * 60_000);
