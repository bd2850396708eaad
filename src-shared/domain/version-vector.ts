// How far a peer is behind, from two version vectors ({deviceId → highest contiguous seq}): the ops this device
// holds that the peer does not. Ops the peer holds and this device lacks do not count (that is this device behind).
export function opsBehind(ours: Readonly<Record<string, number>>, theirs: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const [device, seq] of Object.entries(ours)) n += Math.max(0, seq - (theirs[device] ?? 0));
  return n;
}
