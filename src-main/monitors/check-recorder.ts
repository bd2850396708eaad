// Where every check's outcome goes (issue 10 §1 results): the runners (heartbeat, HTTP, TCP) hand each outcome to a
// recorder, which keeps it at full detail for a day on this device and folds it into the hourly and daily rollups
// the team shares. The runners know nothing of storage.
import type { CheckOutcome } from '../../src-shared/schemas/monitors.ts';

export interface CheckRecord {
  atMs: number;
  outcome: CheckOutcome;
  responseMs: number | null;
  message: string | null;
}

export interface CheckRecorder {
  record(monitorId: string, result: CheckRecord): void;
}
