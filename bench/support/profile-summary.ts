// Where a server's time went: a V8 .cpuprofile (from `node --cpu-prof`) reduced to the functions with the most
// self time, named `function (file:line)`, with idle time left out so the shares are of the busy time.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const IDLE = new Set(['(idle)', '(program)']);

export function summarizeCpuProfile(file: string, top: number): { fn: string; selfPct: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (IDLE.has(name)) return;
    const where = url ? ` (${shorten(url)}:${lineNumber + 1})` : '';
    const key = `${name}${where}`;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  });
  return [...selfUs.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, selfPct: busy > 0 ? Number(((us / busy) * 100).toFixed(1)) : 0 }));
}

function shorten(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 'node_modules/'.length);
  const parts = p.split(path.sep);
  return parts.slice(-2).join('/');
}
