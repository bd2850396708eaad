// One layer of a schedule: when its first turn starts (a wall time in the schedule's zone), how long each turn is,
// who takes turns in which order, and when it may be on call.
import { ROTATIONS, type Rotation } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { ROTATION_UNITS, type LayerDraft } from './schedule-form.ts';
import type { People } from './usePeople.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import { RestrictionRows } from './RestrictionRows.tsx';
import { RowControls } from './RowControls.tsx';

export interface LayerEditorProps {
  layer: LayerDraft;
  index: number;
  count: number;
  timeZone: string;
  people: People;
  onChange(patch: Partial<LayerDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

export function LayerEditor({ layer, index, count, timeZone, people, onChange, onMove, onRemove }: LayerEditorProps) {
  const label = `Layer ${index + 1}`;
  return (
    <fieldset className="layer" aria-label={label}>
      <legend>{label}{layer.name.trim() ? ` · ${displayText(layer.name.trim())}` : ''}</legend>
      <RowControls label={label} index={index} count={count} removeText="Remove layer" onMove={onMove} onRemove={onRemove} />
      <label className="field"><span>Name (optional)</span>
        <input value={layer.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />
      </label>
      <div className="inline layer-times">
        <label className="field"><span>{`First turn starts (${timeZone})`}</span>
          <input type="datetime-local" value={layer.start} onChange={(e) => onChange({ start: e.target.value })} />
        </label>
        <label className="field"><span>Ends (optional)</span>
          <input type="datetime-local" value={layer.end} onChange={(e) => onChange({ end: e.target.value })} />
        </label>
      </div>
      <div className="inline">
        <span>Each turn lasts</span>
        <input type="number" className="minutes" min={1} aria-label="Turn length" value={layer.turns} onChange={(e) => onChange({ turns: e.target.value })} />
        <select aria-label="Rotation" value={layer.rotation} onChange={(e) => onChange({ rotation: e.target.value as Rotation })}>
          {ROTATIONS.map((r) => <option key={r} value={r}>{ROTATION_UNITS[r]}</option>)}
        </select>
        <span className="muted">handing off at the start’s time of day</span>
      </div>
      <PeoplePicker label={`People of ${label}`} userIds={layer.userIds} people={people} onChange={(userIds) => onChange({ userIds })} />
      <RestrictionRows label={`Hours of ${label}`} rows={layer.restrictions} onChange={(restrictions) => onChange({ restrictions })} />
    </fieldset>
  );
}
