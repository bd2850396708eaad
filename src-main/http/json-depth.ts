// The first check on every JSON body, on its raw text: a body nesting deeper than any document may is refused (400,
// naming the field) before JSON.parse, zod or anything else walks it. Deep JSON is not an attack on the parser (it
// is iterative) but on everything after it: JSON.stringify and zod recurse, and a value a few thousand levels deep
// stored once made every listing that held it fail. The finer rule (free-form values nest at most
// JSON_LIMITS.depth) is the schemas' (src-shared/schemas/free-form.ts), which name the exact field.
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { JSON_LIMITS } from '../../src-shared/schemas/limits.ts';
import { textTooDeep } from '../../src-shared/schemas/json-measure.ts';

export function tooDeepBody(text: string): KlaxonError | null {
  const path = textTooDeep(text, JSON_LIMITS.documentDepth);
  if (!path) return null;
  const field = path.length > 0 ? path.join('.') : 'body';
  return new KlaxonError(
    'VALIDATION_FAILED',
    `${field}: nested too deep (a body may nest ${JSON_LIMITS.documentDepth} levels, a free-form value ${JSON_LIMITS.depth}); send flatter JSON`,
    field,
  );
}
