// A batch of one device's ops as sync delivers it: contiguous seqs `from`…`head.seq`, closed by a head that device
// signed. Inside the write transaction, before anything is applied: the ops must chain from what is held here, the
// chain must end in the signed head, the signer must be the device (its key's fingerprint is its id), the roster
// must accept that device's ops at those seqs, and ops already held must be the very same (else the device forked).
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { RosterState } from '../../src-shared/domain/roster.ts';
import type { Store } from '../store/database.ts';
import { chainAt } from '../store/op-log.ts';
import { chainHash, headProblem, type SignedHead } from '../store/op-chain.ts';

export interface RemoteBatch {
  device: string;
  from: number;
  ops: Op[];
  head: SignedHead;
  /** The peer it came through (for the log and fork reports). */
  via: string;
}

export type BatchCheck =
  | { ok: true; fresh: Op[] }
  | { ok: false; kind: 'gap' | 'duplicate' | 'refused' | 'forged' | 'fork'; reason: string };

/**
 * `trustFounder`: a device not yet in a team, joining one, accepts its founder's ops before its roster knows anyone
 * (the founder is named by the team id, and its ops carry the team's creation).
 */
/** `held`: up to which seq every op of the batch's device is held here (the engine keeps it in memory). */
export function checkRemoteBatch(store: Store, roster: RosterState, b: RemoteBatch, trustFounder: string | null, held: number): BatchCheck {
  const { device, from, ops, head } = b;
  if (ops.length === 0 || head.seq !== from + ops.length - 1) return { ok: false, kind: 'refused', reason: 'the head does not close the batch' };
  for (let i = 0; i < ops.length; i++) {
    const { deviceId, seq } = parseOpId(ops[i]!.id);
    if (deviceId !== device || seq !== from + i) return { ok: false, kind: 'refused', reason: `op ${ops[i]!.id} is out of place in the batch` };
  }
  if (head.seq <= held) {
    // Already held; still a fork if the signed chain differs from ours.
    const ours = chainAt(store, device, head.seq);
    if (ours !== null && ours !== head.hash && headProblem(device, head) === null) return fork(store, b, head.seq, ours, head.hash);
    return { ok: false, kind: 'duplicate', reason: 'already held' };
  }
  if (from > held + 1) return { ok: false, kind: 'gap', reason: `starts at ${from}, ${held} held` };
  // Any device the roster has held: a revoked device's later ops are kept too, and count for nothing in every fold.
  // Refusing them here would let two devices that heard of two concurrent revocations in another order hold different
  // ops, and so different rosters, for good.
  const accepted = roster.devices.has(device) || (device === trustFounder && !roster.team);
  if (!accepted) return { ok: false, kind: 'refused', reason: `device ${device} is not on the roster` };
  const problem = headProblem(device, head);
  if (problem) return { ok: false, kind: 'forged', reason: problem };
  const enrolled = roster.devices.get(device);
  if (enrolled && enrolled.publicKey !== head.publicKey) return { ok: false, kind: 'forged', reason: 'the head is signed by a key the roster does not hold for this device' };

  const start = chainAt(store, device, from - 1);
  if (start === null) return { ok: false, kind: 'gap', reason: `no chain at seq ${from - 1}` };
  const chain: string[] = [];
  let prev = start;
  for (const op of ops) chain.push(prev = chainHash(prev, op, JSON.stringify(op.data)));
  if (prev !== head.hash) return { ok: false, kind: 'forged', reason: 'the ops do not match their signed head' };
  // The device signed this chain; if it differs from the ops held for the same seqs, the device signed two.
  for (let seq = from; seq <= held; seq++) {
    const ours = chainAt(store, device, seq);
    if (ours !== null && ours !== chain[seq - from]) return fork(store, b, seq, ours, chain[seq - from]!);
  }
  return { ok: true, fresh: ops.slice(held + 1 - from) };
}

function fork(store: Store, b: RemoteBatch, seq: number, held: string, offered: string): BatchCheck {
  store.db.prepare(`INSERT INTO forks (device_id, seq, held_hash, offered_hash, via, detected_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`).run(b.device, seq, held, offered, b.via, Date.now());
  return { ok: false, kind: 'fork', reason: `device ${b.device} signed two different ops for seq ${seq}` };
}

export function storeHead(store: Store, device: string, head: SignedHead): void {
  store.db.prepare(`INSERT INTO op_heads (device_id, seq, hash, sig, public_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    .run(device, head.seq, head.hash, head.sig, head.publicKey);
}

/** The highest signed head held for a device at or below `seq`. */
export function headAtOrBelow(store: Store, device: string, seq: number): SignedHead | null {
  const r = store.db.prepare('SELECT seq, hash, sig, public_key FROM op_heads WHERE device_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1')
    .get(device, seq) as { seq: number; hash: string; sig: string; public_key: string } | undefined;
  return r ? { seq: r.seq, hash: r.hash, sig: r.sig, publicKey: r.public_key } : null;
}
