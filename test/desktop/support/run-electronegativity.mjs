// Runs Electronegativity programmatically over one folder and prints its findings as JSON on stdout.
// Electronegativity fetches translations from the internet on every run (got → an S3 URL); tests never reach the
// internet, so `got` is replaced, for Electronegativity only, by offline-got.cjs, which fails at once — it then
// uses the English texts it ships.
//   node run-electronegativity.mjs <input dir> <electron version>
import { registerHooks, createRequire } from 'node:module';

const stubUrl = new URL('./offline-got.cjs', import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'got' && context.parentURL?.includes('/@doyensec/electronegativity/')) {
      return { url: stubUrl, shortCircuit: true };
    }
    return next(specifier, context);
  },
});

const [input, electronVersion] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
// Its progress output goes to console.log; stdout must carry only the JSON answer.
const log = console.log;
console.log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
const result = await run({ input, electronVersionOverride: electronVersion, isRelative: true, parserPlugins: [] });
log(JSON.stringify({
  globalChecks: result.globalChecks,
  atomicChecks: result.atomicChecks,
  errors: result.errors,
  issues: result.issues.map((i) => ({
    id: i.id, file: i.file, line: i.location?.line, severity: i.severity.name, confidence: i.confidence.name,
    manualReview: i.manualReview, description: i.description, sample: String(i.sample ?? '').slice(0, 200),
  })),
}));
