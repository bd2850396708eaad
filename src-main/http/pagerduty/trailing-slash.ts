// PagerDuty answers its endpoints with a trailing slash too (`/v2/enqueue/`), and some configurations carry one:
// each PagerDuty-compatible route is also served there, left out of the OpenAPI document.
import type { RouteSpec, Router } from '../router.ts';
import type { z } from 'zod';

type Schema = z.ZodType | undefined;

export function withTrailingSlash<P extends Schema, Q extends Schema, B extends Schema>(router: Router, spec: RouteSpec<P, Q, B>): void {
  router.route(spec);
  router.route({ ...spec, url: `${spec.url}/`, hidden: true });
}
