// A status page as its form holds it, and back: the draft checked with the host's own schema, so a bad slug or an
// empty public name is named next to its field before anything is sent; the host's refusal placed the same way (a
// slug another page has is a 409 naming `slug`).
import { CreateStatusPage, SLUG_PATTERN, type StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { BridgeError, describeError } from '../bridge/bridge-error.ts';

export interface ComponentDraft { type: 'service' | 'monitor'; id: string; name: string; publishIncidents: boolean }
export interface GroupDraft { name: string; components: ComponentDraft[] }
export interface StatusPageDraft { name: string; slug: string; description: string; groups: GroupDraft[] }
/** Mistakes by the path the host names them with: `slug`, `groups.0.components.1.name`, or `form`. */
export type FieldErrors = Record<string, string>;

/** Something a page can show: a service or a monitor of the team. */
export interface ComponentChoice { type: 'service' | 'monitor'; id: string; name: string }

export const newDraft = (): StatusPageDraft => ({ name: '', slug: '', description: '', groups: [{ name: '', components: [] }] });

export const draftOf = (p: StatusPage): StatusPageDraft => ({
  name: p.name, slug: p.slug, description: p.description ?? '',
  groups: p.groups.length > 0 ? p.groups.map((g) => ({ name: g.name ?? '', components: g.components.map((c) => ({ ...c })) })) : [{ name: '', components: [] }],
});

/** A slug suggested from the page's name while the slug is untouched: "Acme Status!" → "acme-status", "Café" → "cafe". */
export const slugFrom = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');

export const isSlug = (s: string): boolean => SLUG_PATTERN.test(s);

export type Built = { ok: true; body: Required<Pick<CreateStatusPage, 'name' | 'slug' | 'groups'>> & { description: string } } | { ok: false; errors: FieldErrors };

/** The draft as the host's body (empty groups dropped, an unnamed group null), or each field's mistake. */
export function buildBody(d: StatusPageDraft): Built {
  const groups = d.groups.filter((g) => g.components.length > 0 || g.name.trim() !== '')
    .map((g) => ({ name: g.name.trim() || null, components: g.components.map((c) => ({ type: c.type, id: c.id, name: c.name, publishIncidents: c.type === 'service' && c.publishIncidents })) }));
  const body = { name: d.name, slug: d.slug, description: d.description, groups };
  const checked = CreateStatusPage.safeParse(body);
  if (checked.success) return { ok: true, body: { ...body, name: checked.data.name, slug: checked.data.slug, description: checked.data.description ?? '' } };
  const errors: FieldErrors = {};
  for (const issue of checked.error.issues) {
    // A group's index in the body skips the empty ones the draft shows: map it back to the draft's.
    const path = issue.path.map(String);
    if (path[0] === 'groups' && path[1] !== undefined) path[1] = String(d.groups.indexOf(d.groups.filter((g) => g.components.length > 0 || g.name.trim() !== '')[Number(path[1])]!));
    const key = path.join('.') || 'form';
    errors[key] ??= key === 'slug' ? 'Lower-case letters, digits and single dashes, like "shop-status"' : issue.message;
  }
  return { ok: false, errors };
}

/**
 * The host's refusal by field: a slug clash (409 over HTTP; over Electron's IPC the error's name carries the code),
 * "input.slug: …" from the bridge's schema check, else the form's.
 */
export function refusalErrors(err: unknown): FieldErrors {
  const message = describeError(err);
  const code = err instanceof BridgeError ? err.code : err instanceof Error ? err.name : '';
  if (code === 'CONFLICT' || (err instanceof BridgeError && err.status === 409)) return { slug: 'Another status page has this slug: choose another' };
  const m = /^(?:input\.)?(?:patch\.)?((?:name|slug|description|groups)(?:\.[\w.]+)?): (.*)$/s.exec(message);
  return m ? { [m[1]!]: m[2]! } : { form: message };
}

/** What can still be added: the team's services and monitors not on the page yet. */
export const available = (d: StatusPageDraft, choices: readonly ComponentChoice[]): ComponentChoice[] => {
  const on = new Set(d.groups.flatMap((g) => g.components.map((c) => `${c.type}:${c.id}`)));
  return choices.filter((c) => !on.has(`${c.type}:${c.id}`));
};

/** Moves item `i` of a list one place up (-1) or down (+1); out of range leaves it as it is. */
export function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

export const componentCount = (p: Pick<StatusPage, 'groups'>): number => p.groups.reduce((n, g) => n + g.components.length, 0);

/** Where the public reads the page: the host's address and the page's path. */
export const publicUrl = (baseUrl: string | null | undefined, path: string): string => `${(baseUrl ?? '').replace(/\/+$/, '')}${path}`;
