// The API's refusals in a terminal's words: a schema issue or an engine refusal names a field of the API's body
// (`layers.0.userIds.1`); the CLI names the flag the user typed instead (`--layer 1 users`). The rules themselves
// stay in the schemas and the engine: this only renames where they point.
import type { z } from 'zod';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { UsageError } from './args.ts';

/** The flag (and part of it) that a body's field came from. */
export type FlagOf = (path: readonly PropertyKey[]) => string;

/** A flag table for flat bodies: `{timeZone: '--zone'}`; a field not in it is named as is. */
export const flags = (table: Record<string, string>): FlagOf => (path) => table[String(path[0])] ?? path.map(String).join('.');

/** `input` checked by the API's own schema; every issue is reported, each naming its flag. */
export function checked<S extends z.ZodType>(schema: S, input: unknown, flagOf: FlagOf): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `${flagOf(i.path)}: ${i.message}`).join('\n'));
}

/** Runs an engine command; a refusal that names a field names the flag instead (exit 2 either way). */
export async function refusedAs<T>(flagOf: FlagOf, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (e) {
    if (e instanceof KlaxonError && e.field && e.status < 500) throw new UsageError(`${flagOf(e.field.split('.'))}: ${e.message}`);
    throw e;
  }
}
