// The team's devices: whose each is, its role, online or when last seen, how far behind, where it listens, what
// last went wrong with it; revoked ones greyed out. An admin device can revoke the others, after a confirmation.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { DeviceStatus, TeamStatus } from '../../src-shared/schemas/team.ts';
import { useApi } from '../store/context.tsx';
import { nowStore } from '../store/now-store.ts';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { behindText, presenceOf, presenceText } from './format.ts';
import { ConfirmRevoke } from './ConfirmRevoke.tsx';

export function DeviceList({ status, onRevoked }: { status: TeamStatus; onRevoked: (s: TeamStatus) => void }) {
  const canRevoke = status.self.role === 'admin';
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <ul className="device-list" aria-label="Devices">
        {status.devices.map((d) => <DeviceItem key={d.deviceId} device={d} canRevoke={canRevoke && !d.self && !d.revoked} onRevoked={onRevoked} />)}
      </ul>
    </section>
  );
}

function DeviceItem({ device: d, canRevoke, onRevoked }: { device: DeviceStatus; canRevoke: boolean; onRevoked: (s: TeamStatus) => void }) {
  const api = useApi();
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const presence = presenceOf(d);
  const text = useStore(nowStore, (s) => presenceText(d, s.now));
  const behind = behindText(d);
  const revoke = () => {
    setConfirming(false);
    void action.run(async () => onRevoked(await api.send('team.revokeDevice', { id: d.deviceId })), 'Revoked');
  };
  return (
    <li className={`device${d.revoked ? ' revoked' : ''}`} aria-label={d.name}>
      <div className="device-head">
        <span className={`dot dot-${presence}`} aria-hidden="true" />
        <strong>{d.name}</strong>
        <span className="muted">{d.userName ?? d.userId}</span>
        <span className="badge device-role">{d.role}</span>
        <span className="device-presence">{text}</span>
        {behind && <span className="muted">· {behind}</span>}
        {canRevoke && (
          <button type="button" className="btn btn-small btn-danger device-revoke" disabled={action.running} aria-label={`Revoke ${d.name}`} onClick={() => setConfirming(true)}>
            Revoke
          </button>
        )}
      </div>
      <p className="muted device-detail">
        <code>{d.deviceId}</code>
        {d.addresses.length > 0 && <> · at {d.addresses.map((a) => <code key={a} className="device-address">{a}</code>)}</>}
      </p>
      {d.lastError && !d.connected && !d.self && !d.revoked && <p className="warning device-detail">Last error: {d.lastError}</p>}
      <ActionMessage message={action.failed ? action.message : null} failed />
      {confirming && <ConfirmRevoke device={d} onConfirm={revoke} onCancel={() => setConfirming(false)} />}
    </li>
  );
}
