// GET /metrics as a scraper reads it: the Prometheus text format parsed into samples, and one sample's value by
// name and labels (the labels given must match; others may be present).
import assert from 'node:assert/strict';
import { fetchJson } from './server.ts';

export interface Sample { name: string; labels: Record<string, string>; value: number }

export interface Scrape {
  samples: Sample[];
  /** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Sum of every sample named `name` whose labels include `labels` (0 when none). */
  sum(name: string, labels?: Record<string, string>): number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(LABEL)) labels[k!] = v!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const matches = (s: Sample, name: string, labels: Record<string, string>) =>
  s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v);

/** Scrapes `/metrics` (with `key` as the bearer key, if given); fails the test unless it answers 200. */
export async function scrape(baseUrl: string, key?: string): Promise<Scrape> {
  const res = await fetchJson(baseUrl, '/metrics', { key });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const samples = parseExposition(res.text);
  return {
    samples,
    value(name, labels = {}) {
      const found = samples.filter((s) => matches(s, name, labels));
      assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} names ${found.length} samples`);
      return found[0]?.value;
    },
    sum: (name, labels = {}) => samples.filter((s) => matches(s, name, labels)).reduce((n, s) => n + s.value, 0),
  };
}
