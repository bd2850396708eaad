// A private D-Bus session bus for one test (or one bench run): a real dbus-daemon on a socket in a temp dir, with
// no service activation, so nothing on the machine (dunst's .service file, a desktop session) can answer for
// org.freedesktop.Notifications unless the test starts it. `stop()` kills the daemon and removes the temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SessionBus {
  /** The DBUS_SESSION_BUS_ADDRESS value for clients of this bus. */
  address: string;
  pid: number;
  stop(): Promise<void>;
}

const CONFIG = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export async function startSessionBus(timeoutMs = 10_000): Promise<SessionBus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klaxon-dbus-'));
  const configFile = path.join(dir, 'session.conf');
  writeFileSync(configFile, CONFIG(path.join(dir, 'bus')));
  // --nofork keeps the daemon our child, so the test owns its pid and can always kill it.
  const child: ChildProcess = spawn('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`dbus-daemon printed no address within ${timeoutMs} ms: ${err}`)), timeoutMs);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) { clearTimeout(timer); resolve(line.trim()); }
      });
      child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`dbus-daemon exited (${code}): ${err}`)); });
    });
    return { address, pid: child.pid!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
