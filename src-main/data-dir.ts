// Where Klaxon keeps its data by default: the OS's per-user app data folder, the same one Electron's
// app.getPath('userData') gives for "Klaxon", so the desktop app and `klaxon serve` share one database.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KLAXON_DATA_DIR) return env.KLAXON_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Klaxon');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Klaxon');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Klaxon');
}
