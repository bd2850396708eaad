// The data dir holds credentials: routing keys (anyone who has one can page you), API key hashes, this device's
// private key, browser sessions. It is the user's alone: the dir 0700 and every file Klaxon writes in it 0600,
// whatever the umask, also when the dir or the files existed before with looser modes (fixed, and reported so that
// the caller can log it). A dir or file that belongs to another user is refused: chmod cannot make it private, and
// writing into it would hand our database to its owner. Windows has no such modes; its per-user folders are private.
import { chmodSync, closeSync, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
const POSIX = process.platform !== 'win32';

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function refuseIfNotOurs(target: string, st: Stats): void {
  const uid = process.getuid?.();
  if (uid === undefined || st.uid === uid) return;
  throw new Error(
    `${target} belongs to another user (uid ${st.uid}; Klaxon runs as uid ${uid}): refusing to keep Klaxon's data there, ` +
    'where its owner could read the keys. Use a data dir of your own (--data-dir or KLAXON_DATA_DIR).',
  );
}

/** Sets the mode; returns a note for the log when the old one let others in (a fresh file's umask is no news). */
function makePrivate(target: string, st: Stats, want: number, chmod: (mode: number) => void): string[] {
  if ((st.mode & 0o777) === want) return [];
  chmod(want);
  return (st.mode & 0o077) !== 0 ? [`${target} was ${octal(st.mode)}, readable by others: made it ${octal(want)}`] : [];
}

/** Creates `dir` (and missing parents) as 0700, or makes an existing one 0700. Returns what it had to fix. */
export function ensurePrivateDir(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (!POSIX) return [];
  const st = statSync(dir);
  refuseIfNotOurs(dir, st);
  return makePrivate(dir, st, PRIVATE_DIR, (m) => chmodSync(dir, m));
}

/**
 * Creates `file` empty as 0600 if it is missing, or makes an existing one 0600. SQLite creates a database's -wal and
 * -shm files with the database file's own mode, so a database made this way keeps them private too.
 */
export function ensurePrivateFile(file: string): string[] {
  const fd = openSync(file, 'a', PRIVATE_FILE);
  try {
    if (!POSIX) return [];
    const st = fstatSync(fd);
    refuseIfNotOurs(file, st);
    return makePrivate(file, st, PRIVATE_FILE, (m) => fchmodSync(fd, m));
  } finally {
    closeSync(fd);
  }
}

/** Makes `file` 0600 if it exists (a database's -wal and -shm left by an older Klaxon). */
export function privateIfExists(file: string): string[] {
  let st: Stats;
  try {
    st = statSync(file);
  } catch {
    return [];
  }
  if (!POSIX) return [];
  refuseIfNotOurs(file, st);
  return makePrivate(file, st, PRIVATE_FILE, (m) => chmodSync(file, m));
}

/**
 * Every file Klaxon keeps in its data dir (the databases and their -wal/-shm, the sessions file, the runtime file,
 * sign-in pages) is made 0600 if an older Klaxon, or a wide umask, left it readable by others. Not recursive: the
 * data dir holds no folders of Klaxon's.
 */
export function privateDirFiles(dir: string): string[] {
  if (!POSIX) return [];
  const fixed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let st: Stats;
    try { st = lstatSync(file); } catch { continue; }
    if (!st.isFile() || (st.mode & 0o077) === 0 || st.uid !== process.getuid?.()) continue;
    fixed.push(...makePrivate(file, st, PRIVATE_FILE, (m) => chmodSync(file, m)));
  }
  return fixed;
}

/** Writes `data` to `file` (replacing what was there) as a 0600 file, whatever its mode was before. */
export function writePrivateFile(file: string, data: string): void {
  const fd = openSync(file, 'w', PRIVATE_FILE);
  try {
    if (POSIX) {
      refuseIfNotOurs(file, fstatSync(fd));
      fchmodSync(fd, PRIVATE_FILE);
    }
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
}
