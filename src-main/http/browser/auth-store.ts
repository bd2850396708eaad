// Sign-in state of the browser bridge, kept in the engine's SQLite file so that `klaxon open` (another process)
// can mint a login token the running host accepts. Only SHA-256 hashes of tokens and session ids are stored:
// a copy of the database signs nobody in. Both secrets are 32 random bytes, so a fast hash is enough.
import BetterSqlite3 from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../../store/database.ts';

/** How long the link printed by `klaxon open` stays valid: long enough to switch to the browser, no longer. */
export const LOGIN_TOKEN_TTL_MS = 2 * 60 * 1000;
/** A browser session lasts a working week; signing in again is one `klaxon open`. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface BridgeSession {
  /** `login` (a `klaxon open` link) or `key:<id>` (signed in with an API key, which must stay valid). */
  via: string;
  expiresAt: number;
}

export interface BridgeAuthStore {
  createLoginToken(nowMs: number): string;
  /** Spends a login token (once); false if unknown, used or expired. */
  consumeLoginToken(token: string, nowMs: number): boolean;
  createSession(via: string, nowMs: number): string;
  findSession(id: string, nowMs: number): BridgeSession | null;
  deleteSession(id: string): void;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bridge_login_tokens (hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS bridge_sessions (
    hash TEXT PRIMARY KEY, via TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
  ) STRICT;
`;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

export const bridgeDbPath = (dataDir: string) => path.join(dataDir, DB_FILE);

/** Opens the bridge tables in the data dir's database (which the engine created). */
export function openBridgeAuthStore(dataDir: string): BridgeAuthStore {
  const file = bridgeDbPath(dataDir);
  if (!existsSync(file)) throw new Error(`No Klaxon database at ${file}: run \`klaxon serve\` (or \`klaxon init\`) first`);
  return bridgeAuthStoreOn(new BetterSqlite3(file));
}

/** An in-memory store, for a host started without a data dir the bridge can reach (API-key sign-in only). */
export function memoryBridgeAuthStore(): BridgeAuthStore {
  return bridgeAuthStoreOn(new BetterSqlite3(':memory:'));
}

function bridgeAuthStoreOn(db: BetterSqlite3.Database): BridgeAuthStore {
  // The engine holds the same file open; wait for its write lock rather than fail.
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const insertToken = db.prepare('INSERT INTO bridge_login_tokens (hash, expires_at) VALUES (?, ?)');
  const spendToken = db.prepare('DELETE FROM bridge_login_tokens WHERE hash = ? RETURNING expires_at');
  const dropExpiredTokens = db.prepare('DELETE FROM bridge_login_tokens WHERE expires_at <= ?');
  const insertSession = db.prepare('INSERT INTO bridge_sessions (hash, via, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const selectSession = db.prepare('SELECT via, expires_at AS expiresAt FROM bridge_sessions WHERE hash = ? AND expires_at > ?');
  const dropSession = db.prepare('DELETE FROM bridge_sessions WHERE hash = ?');
  const dropExpiredSessions = db.prepare('DELETE FROM bridge_sessions WHERE expires_at <= ?');

  return {
    createLoginToken(nowMs) {
      const token = newSecret();
      dropExpiredTokens.run(nowMs);
      insertToken.run(sha256(token), nowMs + LOGIN_TOKEN_TTL_MS);
      return token;
    },
    consumeLoginToken(token, nowMs) {
      if (token.length === 0 || token.length > 200) return false;
      const row = spendToken.get(sha256(token)) as { expires_at: number } | undefined;
      return row !== undefined && row.expires_at > nowMs;
    },
    createSession(via, nowMs) {
      const id = newSecret();
      dropExpiredSessions.run(nowMs);
      insertSession.run(sha256(id), via, nowMs, nowMs + SESSION_TTL_MS);
      return id;
    },
    findSession(id, nowMs) {
      if (id.length === 0 || id.length > 200) return null;
      return (selectSession.get(sha256(id), nowMs) as BridgeSession | undefined) ?? null;
    },
    deleteSession(id) {
      dropSession.run(sha256(id));
    },
    close() {
      if (db.open) db.close();
    },
  };
}
