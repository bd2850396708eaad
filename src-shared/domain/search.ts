// What "search" means for incidents, in the window and in the API's `q` (the host answers both; the SQL is in
// src-main/store/incident-search.ts): the query, ignoring case, is a substring of the title, dedup key, source or
// service name, or the incident's exact id. A full-text index (SQLite FTS5, migration 4) finds the candidates, so
// in the title, dedup key and source the match must begin at the start of a word: `cpu` and `usage` find
// "CPU usage above 90%", `sage` does not. Pure, so the rule and its tokenizing live in one place.

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
 * The FTS5 query that finds every candidate for `q`: each word as a prefix of some indexed word (`"cpu"* "usag"*`).
 * Null when `q` has no word at all (only punctuation): then nothing narrows the search and every row is checked.
 */
export function ftsQueryFor(q: string): string | null {
  const words = searchWords(q.trim()).slice(0, MAX_INDEXED_WORDS);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}
