// Noticing that this laptop slept or changed networks. After a suspend or a switch from Wi-Fi to Ethernet, sync
// connections are dead long before TCP says so and a reconnect backoff may be minutes long; these callbacks let
// the sync manager reconnect (and rediscover) at once. A sleep shows as a tick that comes far later by the wall
// clock than its interval: timers count monotonic time, which stands still while the machine is suspended.
import os from 'node:os';
import { systemClock, type Clock } from '../clock.ts';
import { silentLogger, type Logger } from '../log.ts';

export interface WakeInfo {
  /** Wall time that passed beyond the interval: about how long the machine slept. */
  sleptMs: number;
}

export interface NetworkChange {
  added: string[];
  removed: string[];
  /** Every non-internal address now, sorted. */
  addresses: string[];
}

export interface WakeDetectorOptions {
  /** Its timers must not hold the process open (systemClock's are unref'ed). */
  clock?: Clock;
  intervalMs?: number;
  /** How much later than the interval a tick may come before it counts as a wake; default two intervals. */
  toleranceMs?: number;
  listInterfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  log?: Logger;
  onWake(info: WakeInfo): void;
  onNetworkChange(change: NetworkChange): void;
}

export interface WakeDetector {
  stop(): void;
}

export function watchForWake(opts: WakeDetectorOptions): WakeDetector {
  const clock = opts.clock ?? systemClock;
  const intervalMs = opts.intervalMs ?? 5000;
  const toleranceMs = opts.toleranceMs ?? 2 * intervalMs;
  const listInterfaces = opts.listInterfaces ?? os.networkInterfaces;
  const log = opts.log ?? silentLogger;
  let listFailed = false;

  const readAddresses = (): string[] | undefined => {
    try {
      const all = Object.values(listInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address);
      listFailed = false;
      return [...new Set(all)].sort();
    } catch (err) {
      // Keep the last known set; say so once per outage, not every tick.
      if (!listFailed) log.warn(`wake detector: cannot list network interfaces: ${(err as Error).message}`);
      listFailed = true;
      return undefined;
    }
  };
  const call = (name: string, fn: () => void) => {
    try { fn(); } catch (err) { log.error(`wake detector: ${name} failed: ${(err as Error).message}`); }
  };

  let last = clock.now();
  let addresses = readAddresses() ?? [];
  let stopped = false;
  let cancel = () => {};

  const tick = () => {
    if (stopped) return;
    const now = clock.now();
    const elapsed = now - last;
    last = now;
    // A clock set backwards is no sleep; only a tick that came much too late is.
    if (elapsed > intervalMs + toleranceMs) call('onWake', () => opts.onWake({ sleptMs: elapsed - intervalMs }));
    const current = stopped ? undefined : readAddresses();
    if (current) {
      const before = new Set(addresses);
      const after = new Set(current);
      const added = current.filter((a) => !before.has(a));
      const removed = addresses.filter((a) => !after.has(a));
      addresses = current;
      if (added.length > 0 || removed.length > 0) call('onNetworkChange', () => opts.onNetworkChange({ added, removed, addresses: current }));
    }
    arm();
  };
  const arm = () => {
    if (!stopped) cancel = clock.at(clock.now() + intervalMs, tick);
  };

  arm();
  return {
    stop() {
      stopped = true;
      cancel();
    },
  };
}
