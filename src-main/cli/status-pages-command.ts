// `klaxon status-pages …`: list, add, show and remove status pages from a terminal, each with the address the public
// reads it at. The body of `add` goes through the same schema as POST /api/status-pages, so the CLI and the API
// refuse the same things with the same words.
import { CreateStatusPage, type StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { serviceRef } from './refs.ts';

type Out = (text: string) => void;

export interface StatusPagesOptions { name?: string; slug?: string; description?: string; service?: string[]; publish: boolean; json: boolean }

const USAGE = 'usage: klaxon status-pages add --name N --slug S [--service ID|NAME]… [--publish] [--description D] [--json]\n' +
  '       klaxon status-pages list [--json] | show PAGE [--json] | rm PAGE [--json]     (PAGE: id or slug)\n' +
  '       klaxon status-pages withdraw PAGE INCIDENT [--json]     (takes a published incident off the page)';

/** By id or slug (a slug names one live page). */
function pageRef(engine: Engine, ref: string): string {
  const page = engine.listStatusPages().find((p) => p.id === ref || p.slug === ref);
  if (!page) throw new UsageError(`no status page "${displayText(ref)}" (see \`klaxon status-pages list\`)`);
  return page.id;
}

export async function statusPagesCommand(engine: Engine, sub: string | undefined, rest: string[], opts: StatusPagesOptions, baseUrl: string, out: Out): Promise<void> {
  const url = (p: StatusPage) => `${baseUrl}${p.path}`;
  const line = (p: StatusPage) => `${p.id}  ${p.slug.padEnd(20)}  ${displayText(p.name)}  ${url(p)}`;
  switch (sub) {
    case 'add': {
      const serviceIds = (opts.service ?? []).map((ref) => serviceRef(engine, ref));
      const parsed = CreateStatusPage.safeParse({
        name: opts.name, slug: opts.slug, ...(opts.description ? { description: opts.description } : {}),
        groups: serviceIds.length > 0 ? [{ name: null, components: serviceIds.map((id) => ({ type: 'service', id, publishIncidents: opts.publish })) }] : [],
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
      const page = await engine.createStatusPage(parsed.data, 'system');
      out(opts.json ? displayJson({ ...page, url: url(page) }) : `Created ${line(page)}` +
        (opts.publish ? '\nEvery incident of its services is published on it.' : '\nIncidents show on it when posted to it (POST /api/status-pages/ID/incidents).'));
      return;
    }
    case 'list': {
      const pages = engine.listStatusPages();
      if (opts.json) return out(displayJson(pages.map((p) => ({ ...p, url: url(p) }))));
      out(pages.length === 0 ? 'No status pages. Add one with `klaxon status-pages add --name N --slug S --service SERVICE`.' : pages.map(line).join('\n'));
      return;
    }
    case 'show': {
      if (!rest[0]) throw new UsageError(`status-pages show needs a page\n${USAGE}`);
      const page = engine.getStatusPage(pageRef(engine, rest[0]));
      if (opts.json) return out(displayJson({ ...page, url: url(page) }));
      const components = page.groups.flatMap((g) => g.components.map((c) =>
        `  ${g.name ? `${displayText(g.name)} / ` : ''}${displayText(c.name)}  (${c.type} ${c.id}${c.publishIncidents ? ', every incident published' : ''})`));
      out([`${displayText(page.name)}  ${url(page)}`, ...(page.description ? [displayText(page.description)] : []),
        components.length > 0 ? 'components:' : 'no components', ...components, `incidents posted to it: ${page.incidentIds.length}`].join('\n'));
      return;
    }
    case 'rm': {
      if (!rest[0]) throw new UsageError(`status-pages rm needs a page\n${USAGE}`);
      const page = await engine.deleteStatusPage(pageRef(engine, rest[0]), 'system');
      out(opts.json ? displayJson(page) : `Removed ${page.id} (${page.slug}): ${url(page)} is no longer served.`);
      return;
    }
    case 'withdraw': {
      if (!rest[0] || !rest[1]) throw new UsageError(`status-pages withdraw needs a page and an incident\n${USAGE}`);
      const page = await engine.withdrawPageIncident(pageRef(engine, rest[0]), rest[1], 'system');
      out(opts.json ? displayJson(page) : `Withdrew ${displayText(rest[1])} from ${page.slug}: it is no longer on ${url(page)}, its feeds or summary.`);
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}
