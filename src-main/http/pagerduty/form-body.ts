// The Nagios endpoint's body: an HTML form (what pagerduty_nagios.pl's LWP sends), read into one field per name
// (the last one wins, as Perl's hash it came from had one), or JSON like the other PagerDuty endpoints.
import type { FastifyInstance } from 'fastify';

export function formOrJson(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}
