// The app's version, read once from package.json so the API, CLI and window report the same one.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
export const KLAXON_VERSION: string = pkg.version;
