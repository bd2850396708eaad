// Sign-in state of the browser bridge: one-time login tokens and sessions, in their own SQLite file in the data dir
// (`sessions.db`), so that `klaxon open` and `klaxon sessions` (other processes) can mint a token or revoke a session
// the running host honours at once. It is this machine's state, never replicated, and kept out of klaxon.db so that
// recording a session's use is not seen by the engine as another process writing incidents.
//
// A session belongs to one tab and needs two secrets on every request: the browser's cookie (HttpOnly, shared by
// the browser's tabs on this host, but also sent by the browser to any other server on 127.0.0.1) and the tab's own
// secret (kept by the page in sessionStorage, sent only to this host in a header). Only SHA-256 hashes of tokens and
// secrets are stored: a copy of the file signs nobody in. Every secret is 32 random bytes, so a fast hash is enough.
import BetterSqlite3 from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from '../../../src-shared/schemas/sessions.ts';

/** How long the link printed by `klaxon open` stays valid: long enough to switch to the browser, no longer. */
export const LOGIN_TOKEN_TTL_MS = 2 * 60 * 1000;
/** Use is recorded at most this often per session: the idle timeout needs minutes, not every request. */
const USE_RESOLUTION_MS = 60 * 1000;

export const SESSIONS_DB_FILE = 'sessions.db';

export interface SessionRecord {
  /** Public id (`ses_…`), for listing and revoking. */
  id: string;
  /** `login` (a `klaxon open` link) or `key:<id>` (signed in with an API key, which must stay valid). */
  via: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  /** When it ends: the absolute expiry, or sooner after `SESSION_IDLE_MS` without use. */
  endsAt: number;
}

/** A new session and the two secrets that make it: the cookie's (`browserSecret`) and the tab's. */
export interface OpenedSession { session: SessionRecord; browserSecret: string; tabSecret: string }

export interface BridgeAuthStore {
  createLoginToken(nowMs: number): string;
  /** Spends a login token (once); false if unknown, used or expired. */
  consumeLoginToken(token: string, nowMs: number): boolean;
  /**
   * A session for one tab. `browserSecret` is the cookie the browser already holds: kept when it goes with a live
   * session (so the browser's other tabs stay signed in), otherwise replaced by a new one.
   */
  createSession(via: string, nowMs: number, browserSecret?: string): OpenedSession;
  /** The live session the tab secret names, if the browser secret is the one it was opened with. */
  findSession(browserSecret: string, tabSecret: string, nowMs: number): SessionRecord | null;
  /** Whether the browser secret goes with any live session. */
  browserHasSession(browserSecret: string, nowMs: number): boolean;
  /** Records that the session was used now (for the idle timeout). Best effort: a busy file skips it. */
  touch(session: SessionRecord, nowMs: number): void;
  liveSessions(nowMs: number): SessionRecord[];
  /** Ends a session; false if there was none with that id. */
  deleteSession(id: string): boolean;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS login_tokens (hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS browser_sessions (
    id TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    tab_hash TEXT NOT NULL UNIQUE,
    via TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS browser_sessions_by_browser ON browser_sessions (browser_hash);
`;

/** The one place that says when a session ends. */
const ENDS_AT = `MIN(expires_at, last_used_at + ${SESSION_IDLE_MS})`;
const COLUMNS = `id, via, created_at AS createdAt, last_used_at AS lastUsedAt, expires_at AS expiresAt, ${ENDS_AT} AS endsAt`;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const plausible = (secret: string) => secret.length > 0 && secret.length <= 200;
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const sessionsDbPath = (dataDir: string) => path.join(dataDir, SESSIONS_DB_FILE);

/** Opens (creating it if needed) the data dir's sessions file. */
export function openBridgeAuthStore(dataDir: string): BridgeAuthStore {
  const file = sessionsDbPath(dataDir);
  const db = new BetterSqlite3(file);
  try { chmodSync(file, 0o600); } catch { /* not ours to change (or not POSIX): the data dir is 0700 anyway */ }
  return bridgeAuthStoreOn(db);
}

function bridgeAuthStoreOn(db: BetterSqlite3.Database): BridgeAuthStore {
  // The host and a CLI command may both write; wait for the other's lock rather than fail.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const insertToken = db.prepare('INSERT INTO login_tokens (hash, expires_at) VALUES (?, ?)');
  const spendToken = db.prepare('DELETE FROM login_tokens WHERE hash = ? RETURNING expires_at');
  const dropExpiredTokens = db.prepare('DELETE FROM login_tokens WHERE expires_at <= ?');
  const insertSession = db.prepare(`INSERT INTO browser_sessions (id, browser_hash, tab_hash, via, created_at, last_used_at, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`);
  const selectByTab = db.prepare(`SELECT ${COLUMNS}, browser_hash AS browserHash FROM browser_sessions WHERE tab_hash = ? AND ${ENDS_AT} > ?`);
  const selectBrowser = db.prepare(`SELECT 1 FROM browser_sessions WHERE browser_hash = ? AND ${ENDS_AT} > ? LIMIT 1`);
  const selectLive = db.prepare(`SELECT ${COLUMNS} FROM browser_sessions WHERE ${ENDS_AT} > ? ORDER BY created_at, id`);
  const updateUse = db.prepare('UPDATE browser_sessions SET last_used_at = ? WHERE id = ? AND last_used_at < ?');
  const dropSession = db.prepare('DELETE FROM browser_sessions WHERE id = ?');
  const dropEndedSessions = db.prepare(`DELETE FROM browser_sessions WHERE ${ENDS_AT} <= ?`);

  const browserHasSession = (browserSecret: string, nowMs: number) =>
    plausible(browserSecret) && selectBrowser.get(sha256(browserSecret), nowMs) !== undefined;

  return {
    createLoginToken(nowMs) {
      const token = newSecret();
      dropExpiredTokens.run(nowMs);
      insertToken.run(sha256(token), nowMs + LOGIN_TOKEN_TTL_MS);
      return token;
    },
    consumeLoginToken(token, nowMs) {
      if (!plausible(token)) return false;
      const row = spendToken.get(sha256(token)) as { expires_at: number } | undefined;
      return row !== undefined && row.expires_at > nowMs;
    },
    createSession(via, nowMs, existingBrowserSecret) {
      dropEndedSessions.run(nowMs);
      const browserSecret = existingBrowserSecret !== undefined && browserHasSession(existingBrowserSecret, nowMs) ? existingBrowserSecret : newSecret();
      const tabSecret = newSecret();
      const id = `ses_${randomBytes(8).toString('hex')}`;
      const session = insertSession.get(id, sha256(browserSecret), sha256(tabSecret), via, nowMs, nowMs, nowMs + SESSION_TTL_MS) as SessionRecord;
      return { session, browserSecret, tabSecret };
    },
    findSession(browserSecret, tabSecret, nowMs) {
      if (!plausible(browserSecret) || !plausible(tabSecret)) return null;
      const row = selectByTab.get(sha256(tabSecret), nowMs) as (SessionRecord & { browserHash: string }) | undefined;
      if (!row || !sameHash(row.browserHash, sha256(browserSecret))) return null;
      const { browserHash: _hash, ...session } = row;
      return session;
    },
    browserHasSession,
    touch(session, nowMs) {
      if (nowMs - session.lastUsedAt < USE_RESOLUTION_MS) return;
      // Advisory: a CLI command holding the file's lock must neither fail the request nor make it wait.
      db.pragma('busy_timeout = 0');
      try {
        updateUse.run(nowMs, session.id, nowMs);
      } catch (e) {
        if (!/SQLITE_BUSY|database is locked/i.test(String((e as { code?: string }).code ?? (e as Error).message))) throw e;
      } finally {
        db.pragma('busy_timeout = 5000');
      }
    },
    liveSessions: (nowMs) => selectLive.all(nowMs) as SessionRecord[],
    deleteSession: (id) => dropSession.run(id).changes > 0,
    close() {
      if (db.open) db.close();
    },
  };
}
