// Migration 3's repair: free-form JSON stored before it had limits is rewritten as this version stores it
// (capFreeForm: a value too deep or too large becomes a truncation marker). Both the ops that carry it and the
// incident rows are repaired, with the same rule on the same values, so a row stays the fold of its ops; a row whose
// JSON is not even valid keeps a marker of its raw text. Afterwards every stored op passes the op schemas (a refold
// loses nothing) and every row can be listed.
import type BetterSqlite3 from 'better-sqlite3';
import { capFreeForm, truncationMarker } from '../../src-shared/schemas/free-form.ts';
import { stringifyDeep } from '../../src-shared/schemas/json-measure.ts';
import { JSON_LIMITS } from '../../src-shared/schemas/limits.ts';
import type { JsonObject } from '../../src-shared/schemas/common.ts';
import type { Logger } from '../log.ts';

/**
 * SQL that keeps only the texts that might break a limit, so the repair parses a few rows rather than all: more
 * than `depth` opening brackets (the only way to nest deeper), or long enough to be over the stored size.
 */
const mightBreakLimits = (...columns: string[]) => {
  const length = columns.map((c) => `coalesce(length(${c}), 0)`).join(' + ');
  const brackets = columns.map((c) => `coalesce(length(${c}) - length(replace(replace(${c}, '{', ''), '[', '')), 0) > ${JSON_LIMITS.depth}`);
  return `((${length}) * 3 > ${JSON_LIMITS.storedBytes} OR ${brackets.join(' OR ')})`;
};

export function repairFreeForm(db: BetterSqlite3.Database, log: Logger): void {
  const ops = repairOps(db);
  const incidents = repairIncidentRows(db);
  if (ops + incidents > 0) {
    log.warn(`free-form JSON stored beyond the limits (nested deeper than ${JSON_LIMITS.depth} levels, or over ${JSON_LIMITS.storedBytes / 1024} KiB per event) ` +
      `is now kept as truncation markers: ${ops} ops, ${incidents} incidents`);
  }
}

function repairOps(db: BetterSqlite3.Database): number {
  const rows = db.prepare(`SELECT device_id, seq, data FROM ops
    WHERE type IN ('incident.triggered', 'incident.alert_received') AND ${mightBreakLimits('data')}`).all() as { device_id: string; seq: number; data: string }[];
  const update = db.prepare('UPDATE ops SET data = ? WHERE device_id = ? AND seq = ?');
  let repaired = 0;
  for (const r of rows) {
    let data: unknown;
    try { data = JSON.parse(r.data); } catch { continue; } // the op reader explains unreadable data; the fold ignores it
    if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
    const d = data as Record<string, unknown>;
    const before = { customDetails: d.customDetails ?? null, extra: (d.extra ?? null) as JsonObject | null };
    const after = capFreeForm(before);
    if (after === before) continue;
    update.run(stringifyDeep({ ...d, customDetails: after.customDetails, extra: after.extra }), r.device_id, r.seq);
    repaired++;
  }
  return repaired;
}

function repairIncidentRows(db: BetterSqlite3.Database): number {
  const rows = db.prepare(`SELECT id, custom_details, extra FROM incidents
    WHERE ${mightBreakLimits('custom_details', 'extra')} OR NOT json_valid(coalesce(custom_details, 'null')) OR NOT json_valid(coalesce(extra, 'null'))`)
    .all() as { id: string; custom_details: string | null; extra: string | null }[];
  const update = db.prepare('UPDATE incidents SET custom_details = ?, extra = ? WHERE id = ?');
  let repaired = 0;
  for (const r of rows) {
    let unreadable = false;
    const read = (text: string | null): unknown => {
      if (text === null) return null;
      try { return JSON.parse(text); } catch { unreadable = true; return truncationMarker(text, 'not valid JSON'); }
    };
    const before = { customDetails: read(r.custom_details), extra: read(r.extra) as JsonObject | null };
    const after = capFreeForm(before);
    if (after === before && !unreadable) continue;
    const text = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    update.run(text(after.customDetails), text(after.extra), r.id);
    repaired++;
  }
  return repaired;
}
