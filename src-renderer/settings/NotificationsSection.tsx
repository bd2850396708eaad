// How the pager nags: repeat interval for HIGH urgency, LOW urgency once or quiet, sound.
import { useState } from 'react';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';

export function NotificationsSection() {
  const settings = useAdmin((s) => s.settings);
  if (!settings) return null;
  return <NotificationsForm key={JSON.stringify(settings.notifications)} initial={settings.notifications} />;
}

function NotificationsForm({ initial }: { initial: Settings['notifications'] }) {
  const { api } = useStores();
  const [repeat, setRepeat] = useState(String(initial.repeatSeconds));
  const [low, setLow] = useState(initial.lowUrgency);
  const [sound, setSound] = useState(initial.sound);
  const action = useAction();
  const repeatSeconds = Number.parseInt(repeat, 10);
  const valid = repeatSeconds >= 5 && repeatSeconds <= 3600;
  return (
    <form className="card" aria-labelledby="notifications-title" onSubmit={(e) => { e.preventDefault(); void action.run(() => api.send('settings.update', { notifications: { repeatSeconds, lowUrgency: low, sound } })); }}>
      <h2 id="notifications-title">Notifications</h2>
      <label className="field"><span>Repeat HIGH urgency every (seconds)</span>
        <input type="number" min={5} max={3600} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </label>
      <label className="field"><span>LOW urgency</span>
        <select value={low} onChange={(e) => setLow(e.target.value as typeof low)}>
          <option value="once">Notify once</option>
          <option value="quiet">Quiet (queue and tray only)</option>
        </select>
      </label>
      <label className="field-inline"><input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} /><span>Play a sound</span></label>
      <button type="submit" className="btn" disabled={action.running || !valid}>Save notifications</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
