#!/usr/bin/env node
// The `klaxon` command (package.json bin). It runs the compiled command when `npm run build` made one from the
// sources as they are now, and otherwise the TypeScript sources through Node 24's type stripping (see
// choose-entry.mjs). Under an older Node this says what to do instead of failing with a syntax error.
// No V8 flags: measured on the compiled host, --max-semi-space-size=4 saved 3 MB idle and ~45 MB at the peak of a
// 50-connection burst, but ran 3-4 times as many scavenges for more GC time in all, with no lower p99 latency; and
// a flag could only be set by a shebang (`node bin/klaxon.mjs` skips it) or a second process.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`klaxon: Node 24 or newer is needed (this is ${process.version}). Run scripts/provision.sh, or use \`npm run klaxon -- ARGS\`.\n`);
  process.exit(1);
}
// Imported only now, after the check: a static import would fail on an old Node before the check could speak.
const { fileURLToPath, pathToFileURL } = await import('node:url');
const { chooseEntry } = await import('./choose-entry.mjs');
const { entry, note } = chooseEntry(fileURLToPath(new URL('..', import.meta.url)));
if (note) process.stderr.write(`${note}\n`);
await import(pathToFileURL(entry).href);
