// Reads the seeds' examples as written: every `curl` command in a fenced bash block (method, URL with its query
// string, headers, JSON body) and every fenced JSON block. The seed files are kept verbatim in fixtures/ (and
// checked against ../shared/seeds when that folder is beside the repo), so the tests run in any clone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface CurlExample {
  /** The heading the example sits under (`Acknowledge`, `List Incidents`…). */
  heading: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The `-d` argument exactly as written. */
  data?: string;
}

export function readSeed(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

interface Block { heading: string; lang: string; text: string }

function fencedBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#+\s+(.*)$/.exec(line);
    if (h) { heading = h[1]!.trim(); continue; }
    const open = /^```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    out.push({ heading, lang: open[1] ?? '', text: body.join('\n') });
  }
  return out;
}

/** Splits a shell command line into words: single quotes literal, double quotes with `\"`, backslash-newline joins. */
export function shellWords(command: string): string[] {
  const src = command.replace(/\\\n/g, ' ');
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated ' in: ${command}`);
      cur = (cur ?? '') + src.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < src.length && src[j] !== '"'; j++) s += src[j] === '\\' && j + 1 < src.length ? src[++j] : src[j];
      cur = (cur ?? '') + s;
      i = j;
    } else if (/\s/.test(c)) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else {
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

export function parseCurl(command: string, heading = ''): CurlExample {
  const words = shellWords(command);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${command}`);
  let method: string | undefined;
  let url: string | undefined;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-X' || w === '--request') method = words[++i];
    else if (w === '-H' || w === '--header') {
      const h = words[++i]!;
      const colon = h.indexOf(':');
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (w === '-d' || w === '--data' || w === '--data-raw') data = words[++i];
    else if (w.startsWith('-')) throw new Error(`curl option ${w} not understood in: ${command}`);
    else url = w;
  }
  if (!url) throw new Error(`no URL in: ${command}`);
  return { heading, method: method ?? (data === undefined ? 'GET' : 'POST'), url: new URL(url), headers, data };
}

/** Every curl command of a seed, in order. */
export function curlExamples(seedFile: string): CurlExample[] {
  return fencedBlocks(readSeed(seedFile))
    .filter((b) => b.lang === 'bash' && b.text.trimStart().startsWith('curl'))
    .map((b) => parseCurl(b.text.trim(), b.heading));
}

/** Every JSON block of a seed, parsed, with its heading. */
export function jsonExamples(seedFile: string): { heading: string; value: unknown }[] {
  return fencedBlocks(readSeed(seedFile))
    .filter((b) => b.lang === 'json')
    .map((b) => ({ heading: b.heading, value: JSON.parse(b.text) as unknown }));
}
