// A monitor as the fold of its ops: created once; settings last-writer-wins per field (a change that would leave an
// invalid monitor is ignored, so every device folds to the same valid one); paused or not by the latest of
// pause/resume; deletion forward-only.
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import { MonitorConfig } from '../../schemas/monitors.ts';

export interface MonitorState {
  id: string;
  config: MonitorConfig;
  runnerDeviceId: string;
  token: string | null;
  paused: boolean;
  deleted: boolean;
  createdAt: string;
  createdBy: string;
  lastHlc: string;
}

export function foldMonitor(ops: readonly Op[]): MonitorState | null {
  let m: MonitorState | null = null;
  let deleted = false;
  let lastHlc = '';
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'monitor.created' && !m) {
      m = {
        id: op.entity, config: op.data.config, runnerDeviceId: op.data.runnerDeviceId, token: op.data.token,
        paused: false, deleted: false, createdAt: hlcToIso(op.hlc), createdBy: op.data.by, lastHlc: op.hlc,
      };
    } else if (!m) continue; // its creation has not arrived yet (ops of one entity fold again when it does)
    else if (op.type === 'monitor.changed') {
      const merged = MonitorConfig.safeParse({ ...m.config, ...op.data.fields, type: m.config.type });
      if (merged.success) m.config = merged.data;
      if (op.data.runnerDeviceId !== undefined) m.runnerDeviceId = op.data.runnerDeviceId;
    } else if (op.type === 'monitor.paused') m.paused = true;
    else if (op.type === 'monitor.resumed') m.paused = false;
    else if (op.type === 'monitor.deleted') deleted = true;
    else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  return m ? { ...m, deleted, lastHlc } : null;
}
