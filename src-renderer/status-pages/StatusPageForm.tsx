// Create or edit a status page: its name, slug (its address; suggested from the name), description, and groups of
// components — the team's services and monitors, each with the name the public sees, in the order shown, and for a
// service whether every one of its incidents is published. Mistakes are named next to their field, before sending
// (the host's own schema) and after (the host's refusal: a slug another page has is shown at the slug).
import { useState } from 'react';
import type { StatusPage } from '../../src-shared/schemas/status-pages.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { FormField, CheckboxField } from '../monitors/FormField.tsx';
import {
  available, buildBody, draftOf, move, newDraft, publicUrl, refusalErrors, slugFrom,
  type ComponentChoice, type ComponentDraft, type FieldErrors, type GroupDraft, type StatusPageDraft,
} from './status-page-form.ts';

export interface StatusPageFormProps {
  page: StatusPage | null;
  choices: readonly ComponentChoice[];
  baseUrl: string | null;
  onSaved: (p: StatusPage) => void;
  onCancel: () => void;
}

export function StatusPageForm({ page, choices, baseUrl, onSaved, onCancel }: StatusPageFormProps) {
  const api = useApi();
  const [draft, setDraft] = useState<StatusPageDraft>(() => (page ? draftOf(page) : newDraft()));
  const [slugTouched, setSlugTouched] = useState(page !== null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const title = page ? `Edit ${displayText(page.name)}` : 'New status page';
  const fid = (name: string) => `sp-${page?.id ?? 'new'}-${name.replaceAll('.', '-')}`;
  const setGroups = (groups: GroupDraft[]) => setDraft((d) => ({ ...d, groups }));
  const setGroup = (gi: number, g: Partial<GroupDraft>) => setGroups(draft.groups.map((x, i) => (i === gi ? { ...x, ...g } : x)));
  const setComponent = (gi: number, ci: number, c: Partial<ComponentDraft>) =>
    setGroup(gi, { components: draft.groups[gi]!.components.map((x, i) => (i === ci ? { ...x, ...c } : x)) });

  const save = async () => {
    const built = buildBody(draft);
    if (!built.ok) { setErrors(built.errors); return; }
    setErrors({});
    setSaving(true);
    try {
      const { description, ...rest } = built.body;
      onSaved(page
        ? await api.send('statusPages.update', { id: page.id, patch: { ...rest, description: description || null } })
        : await api.send('statusPages.create', { ...rest, ...(description ? { description } : {}) }));
    } catch (err) {
      setErrors(refusalErrors(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card status-page-form" aria-label={title} noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{title}</h3>
      <FormField id={fid('name')} label="Name" error={errors.name} hint="The page's heading, as the public sees it">
        {(a11y) => <input {...a11y} value={draft.name} onChange={(e) => {
          const name = e.target.value;
          setDraft((d) => ({ ...d, name, ...(slugTouched ? {} : { slug: slugFrom(name) }) }));
        }} />}
      </FormField>
      <FormField id={fid('slug')} label="Slug" error={errors.slug}
        hint={`Its address: ${publicUrl(baseUrl, `/status/${draft.slug || 'slug'}`)} (lower-case letters, digits and single dashes)`}>
        {(a11y) => <input {...a11y} value={draft.slug} spellCheck={false} onChange={(e) => { setSlugTouched(true); setDraft((d) => ({ ...d, slug: e.target.value })); }} />}
      </FormField>
      <FormField id={fid('description')} label="Description" error={errors.description} hint="Optional: a line under the name">
        {(a11y) => <textarea {...a11y} rows={2} value={draft.description} onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))} />}
      </FormField>

      {draft.groups.map((g, gi) => (
        <GroupFields key={gi} group={g} index={gi} count={draft.groups.length} errors={errors} fid={fid}
          addable={available(draft, choices)} choices={choices}
          onChange={(patch) => setGroup(gi, patch)}
          onComponent={(ci, patch) => setComponent(gi, ci, patch)}
          onMove={(by) => setGroups(move(draft.groups, gi, by))}
          onRemove={() => setGroups(draft.groups.filter((_, i) => i !== gi))} />
      ))}
      <button type="button" className="btn btn-small" onClick={() => setGroups([...draft.groups, { name: '', components: [] }])}>Add a group</button>
      {choices.length === 0 && <p className="muted">No services or monitors to show yet: add them in Settings → Services and on Monitors.</p>}

      {errors.form && <p className="form-error" role="alert">{errors.form}</p>}
      {Object.keys(errors).length > 0 && !errors.form && <p className="form-error" role="alert">Some settings need a look: see the fields marked above.</p>}
      <div className="inline">
        <button type="submit" className="btn" disabled={saving}>{saving ? 'Saving…' : page ? 'Save status page' : 'Create status page'}</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

interface GroupFieldsProps {
  group: GroupDraft; index: number; count: number; errors: FieldErrors; fid: (n: string) => string;
  addable: ComponentChoice[]; choices: readonly ComponentChoice[];
  onChange: (g: Partial<GroupDraft>) => void; onComponent: (ci: number, c: Partial<ComponentDraft>) => void;
  onMove: (by: -1 | 1) => void; onRemove: () => void;
}

const KIND: Record<ComponentChoice['type'], string> = { service: 'Service', monitor: 'Monitor' };

function GroupFields({ group: g, index: gi, count, errors, fid, addable, choices, onChange, onComponent, onMove, onRemove }: GroupFieldsProps) {
  const [adding, setAdding] = useState('');
  const label = g.name.trim() ? displayText(g.name.trim()) : `Group ${gi + 1}`;
  const internal = (c: ComponentDraft) => displayText(choices.find((x) => x.type === c.type && x.id === c.id)?.name ?? c.id);
  const add = () => {
    const c = addable.find((x) => `${x.type}:${x.id}` === adding) ?? addable[0];
    if (!c) return;
    onChange({ components: [...g.components, { type: c.type, id: c.id, name: c.name, publishIncidents: false }] });
    setAdding('');
  };
  const moveComponent = (ci: number, by: -1 | 1) => onChange({ components: move(g.components, ci, by) });
  return (
    <fieldset className="status-page-group" aria-label={label}>
      <legend>{label}</legend>
      <FormField id={fid(`groups.${gi}.name`)} label="Group name" error={errors[`groups.${gi}.name`]} hint="Optional: components with no group show at the top">
        {(a11y) => <input {...a11y} value={g.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </FormField>
      <ol className="status-page-components" aria-label={`Components of ${label}`}>
        {g.components.map((c, ci) => {
          const path = `groups.${gi}.components.${ci}`;
          const who = internal(c);
          return (
            <li key={`${c.type}:${c.id}`} aria-label={who}>
              <p><span className="badge">{KIND[c.type]}</span> {who}</p>
              <FormField id={fid(`${path}.name`)} label={`Public name of ${who}`} error={errors[`${path}.name`] ?? errors[path] ?? errors[`${path}.id`]}>
                {(a11y) => <input {...a11y} value={c.name} onChange={(e) => onComponent(ci, { name: e.target.value })} />}
              </FormField>
              {c.type === 'service' && (
                <CheckboxField id={fid(`${path}.publish`)} label={`Publish every incident of ${who}`} checked={c.publishIncidents}
                  onChange={(v) => onComponent(ci, { publishIncidents: v })} />
              )}
              <div className="inline">
                <button type="button" className="btn btn-small" aria-label={`Move ${who} up`} disabled={ci === 0} onClick={() => moveComponent(ci, -1)}>↑</button>
                <button type="button" className="btn btn-small" aria-label={`Move ${who} down`} disabled={ci === g.components.length - 1} onClick={() => moveComponent(ci, 1)}>↓</button>
                <button type="button" className="btn btn-small" aria-label={`Remove ${who}`} onClick={() => onChange({ components: g.components.filter((_, i) => i !== ci) })}>Remove</button>
              </div>
            </li>
          );
        })}
      </ol>
      {addable.length > 0 && (
        <div className="inline">
          <select aria-label={`Add to ${label}`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            {addable.map((c) => <option key={`${c.type}:${c.id}`} value={`${c.type}:${c.id}`}>{`${KIND[c.type]}: ${displayText(c.name)}`}</option>)}
          </select>
          <button type="button" className="btn btn-small" aria-label={`Add component to ${label}`} onClick={add}>Add</button>
        </div>
      )}
      <div className="inline">
        <button type="button" className="btn btn-small" aria-label={`Move ${label} up`} disabled={gi === 0} onClick={() => onMove(-1)}>Move group up</button>
        <button type="button" className="btn btn-small" aria-label={`Move ${label} down`} disabled={gi === count - 1} onClick={() => onMove(1)}>Move group down</button>
        <button type="button" className="btn btn-small" aria-label={`Remove ${label}`} onClick={onRemove}>Remove group</button>
      </div>
    </fieldset>
  );
}
