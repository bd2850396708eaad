#!/usr/bin/env node
// The `klaxon` command (package.json bin). Klaxon's main process is TypeScript run by Node 24's type stripping;
// under an older Node this says what to do instead of failing with a syntax error.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`klaxon: Node 24 or newer is needed (this is ${process.version}). Run scripts/provision.sh, or use \`npm run klaxon -- ARGS\`.\n`);
  process.exit(1);
}
await import('../src-main/headless.ts');
