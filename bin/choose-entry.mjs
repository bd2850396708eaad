// Which `klaxon` the bin runs: the compiled command (dist/headless, from `npm run build`) when it was built after
// every source it is made from, else the TypeScript sources. An edit to the sources is never hidden behind an old
// build, and a checkout that was never built still works. KLAXON_FROM_SOURCE=1 picks the sources whatever is built.
import { globSync, statSync } from 'node:fs';
import path from 'node:path';

export const SOURCE_ENTRY = 'src-main/headless.ts';
export const BUILD_ENTRY = 'dist/headless/klaxon.mjs';
// What `vite build --mode headless` reads (package.json gives the version it inlines). The Electron shell is not part
// of it, so an edit there leaves the build current.
const BUILD_INPUTS = ['src-main/**/*.ts', 'src-shared/**/*.ts', 'package.json', 'vite.config.ts'];
const NOT_INPUTS = 'src-main/desktop/**';

/**
 * @param {string} root the app's folder (the one holding package.json)
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ entry: string, note?: string }} the file to import, and why the sources were picked over a build, if one exists
 */
export function chooseEntry(root, env = process.env) {
  const source = path.join(root, SOURCE_ENTRY);
  if (env.KLAXON_FROM_SOURCE && env.KLAXON_FROM_SOURCE !== '0') return { entry: source };
  const build = path.join(root, BUILD_ENTRY);
  let builtAt;
  try {
    builtAt = statSync(build).mtimeMs;
  } catch {
    return { entry: source };
  }
  const changed = globSync(BUILD_INPUTS, { cwd: root })
    .find((f) => !path.matchesGlob(f, NOT_INPUTS) && statSync(path.join(root, f)).mtimeMs > builtAt);
  if (changed === undefined) return { entry: build };
  return { entry: source, note: `klaxon: ${changed} changed after the last build; running the sources (\`npm run build\` compiles them again)` };
}
