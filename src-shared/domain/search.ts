// What "search" means for incidents, in the window and in the API's `q` (the host answers both; the SQL is in
// src-main/store/incident-search.ts): the query, ignoring case, is a substring of the title, dedup key, source or
// service name, or the incident's exact id. A full-text index (SQLite FTS5, migration 4) finds the candidates, so
// in the title, dedup key and source the match must begin at the start of a word: `cpu` and `usage` find
// "CPU usage above 90%", `sage` does not. A single word is the index's alone to match, so it also ignores accents
// and the case of any letter (`cafe` finds "Café"). Pure, so the rule and its tokenizing live in one place.

export const SEARCH_FIELDS = ['title', 'dedupKey', 'source', 'service name', 'id (exact)'] as const;

/** Longest `q` accepted: a search box needs far less, and SQLite refuses LIKE patterns past 50,000 characters. */
export const MAX_SEARCH_LENGTH = 1024;

/** Words looked up in the index at most; the substring check applies the whole query anyway. */
const MAX_INDEXED_WORDS = 16;

/**
 * The words of a query as FTS5's unicode61 tokenizer splits text: runs of letters, digits and private-use
 * characters; everything else separates.
 */
export function searchWords(q: string): string[] {
  return q.split(/[^\p{L}\p{N}\p{Co}]+/u).filter((w) => w.length > 0);
}

/**
 * The FTS5 query that finds every candidate for `q`: its words in the index, each complete but the last, which may
 * go on (`"cpu" "usag"*`); a word followed by punctuation in `q` ends there in the text too. Null when `q` has no
 * word at all (only punctuation): then nothing narrows the search and every row is checked.
 */
export function ftsQueryFor(q: string): string | null {
  const needle = q.trim();
  const all = searchWords(needle);
  const words = all.slice(0, MAX_INDEXED_WORDS);
  if (words.length === 0) return null;
  const open = words.length === all.length && /[\p{L}\p{N}\p{Co}]$/u.test(needle);
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${open && i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** Whether the index alone decides a match (one word, nothing around it): no substring check of the rows is needed. */
export function indexDecides(q: string): boolean {
  const needle = q.trim();
  return searchWords(needle).length === 1 && /^[\p{L}\p{N}\p{Co}]+$/u.test(needle);
}
