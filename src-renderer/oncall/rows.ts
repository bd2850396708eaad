// Editing an ordered list of rows in a form (a schedule's layers, a policy's levels): change one, swap one with its
// neighbour, drop one. Each answers a new list; the order is what the host is sent (later layers win, levels page in
// turn), so a move is a swap and nothing else.

export const patchAt = <T>(rows: readonly T[], i: number, patch: Partial<T>): T[] => rows.map((r, j) => (j === i ? { ...r, ...patch } : r));

export function moveBy<T>(rows: readonly T[], i: number, by: -1 | 1): T[] {
  const out = [...rows];
  if (out[i] === undefined || out[i + by] === undefined) return out;
  [out[i], out[i + by]] = [out[i + by]!, out[i]!];
  return out;
}

export const dropAt = <T>(rows: readonly T[], i: number): T[] => rows.filter((_, j) => j !== i);
