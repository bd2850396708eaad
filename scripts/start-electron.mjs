// `npm start`: runs the desktop app. Builds the window and the Electron shell first when they are missing or older
// than their sources, then starts Electron on this folder. Where Electron's binary is not installed (its npm
// package downloads it from outside the npm registry at install time, which some machines cannot reach), it says
// so and points to the same app without Electron: `klaxon serve` + `klaxon open`.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const say = (line) => process.stderr.write(`klaxon: ${line}\n`);

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { path: binary };
    return { missing: `${binary} does not exist` };
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

/** The newest modification time of any file under these folders (0 when none exist). */
function newest(...dirs) {
  let latest = 0;
  const walk = (p) => {
    let info;
    try { info = statSync(p); } catch { return; }
    if (info.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') walk(path.join(p, name));
    } else if (info.mtimeMs > latest) latest = info.mtimeMs;
  };
  for (const d of dirs) walk(path.join(root, d));
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function buildIfNeeded() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const builds = [
    { output: path.join(root, 'dist', 'renderer', 'index.html'), sources: ['src-renderer', 'src-shared'], args: ['build'] },
    { output: path.join(root, 'dist', 'desktop', 'main.cjs'), sources: ['src-main', 'src-shared'], args: ['build', '--mode', 'desktop'] },
  ];
  for (const b of builds) {
    if (mtime(b.output) > newest(...b.sources)) continue;
    say(`building: vite ${b.args.join(' ')}`);
    const r = spawnSync(process.execPath, [vite, ...b.args], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      say(`the build failed (vite ${b.args.join(' ')}); not starting`);
      process.exit(r.status ?? 1);
    }
  }
}

const electron = electronBinary();
if ('missing' in electron) {
  say('cannot start the desktop app: Electron\'s binary is not installed on this machine.');
  say(`  (${electron.missing})`);
  say('The same Klaxon runs without Electron, in your browser:');
  say('  npm run serve                 # klaxon serve: engine, receiver and paging, on 127.0.0.1:8977');
  say('  npm run klaxon -- open        # klaxon open: signs your browser in to the window (in another terminal)');
  // Electron's own download step, run alone: a full `npm install` would also run npm's default node-gyp build for
  // better-sqlite3, which provisioning avoids on purpose (scripts/provision.sh explains).
  say('To get the desktop app, where Electron\'s download is reachable: node node_modules/electron/install.js');
  process.exit(1);
}

buildIfNeeded();
// Set by some tools (and by Electron itself for helpers): it would make Electron run as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
