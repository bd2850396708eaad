// On-call: who is on call now and next, your own shifts as a calendar feed, each schedule as a two-week timeline
// (with overrides, "Cover me" and its calendar feed), creating and editing schedules, escalation policies, and the
// people who can be put on call.
import { useState } from 'react';
import { OnCallContext, useOnCall, useOwnOnCallStore } from './context.ts';
import { OnCallNow } from './OnCallNow.tsx';
import { ScheduleCard } from './ScheduleCard.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { PolicyCard } from './PolicyCard.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { CalendarFeedButton } from './CalendarFeedButton.tsx';
import { displayText } from '../../src-shared/domain/display-text.ts';

/** What is open for editing: an id, a new one, or nothing. */
type Editing = string | 'new' | null;

export function OnCallPage() {
  const store = useOwnOnCallStore();
  return (
    <OnCallContext.Provider value={store}>
      <div className="oncall-page">
        <h1>On call</h1>
        <LoadError />
        <OnCallNow />
        <MyShifts />
        <Schedules />
        <Policies />
        <PeopleSection />
      </div>
    </OnCallContext.Provider>
  );
}

function LoadError() {
  const error = useOnCall((s) => s.error);
  return error ? <p className="form-error" role="alert">{error}</p> : null;
}

/** This machine's person's shifts on every schedule, for their calendar app: once the host says who that is. */
function MyShifts() {
  const self = useOnCall((s) => s.selfUserId);
  const me = useOnCall((s) => (self ? s.users?.find((u) => u.id === self) : undefined));
  if (!me) return null;
  return (
    <section className="card" aria-labelledby="my-shifts-title">
      <h2 id="my-shifts-title">Your shifts</h2>
      <p className="muted">{`The shifts of ${displayText(me.name)} on every schedule, overrides included, in your calendar app.`}</p>
      <CalendarFeedButton kind="user" id={me.id} name={me.name} />
    </section>
  );
}

function Schedules() {
  const schedules = useOnCall((s) => s.schedules);
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => setEditing(null);
  return (
    <section aria-labelledby="schedules-title">
      <div className="section-head">
        <h2 id="schedules-title">Schedules</h2>
        <button type="button" className="btn" disabled={editing === 'new'} onClick={() => setEditing('new')}>New schedule</button>
      </div>
      {editing === 'new' && <ScheduleEditor schedule={null} onDone={done} />}
      {schedules?.map((s) => (editing === s.id
        ? <ScheduleEditor key={s.id} schedule={s} onDone={done} />
        : <ScheduleCard key={s.id} schedule={s} onEdit={() => setEditing(s.id)} />))}
    </section>
  );
}

function Policies() {
  const policies = useOnCall((s) => s.policies);
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => setEditing(null);
  return (
    <section aria-labelledby="policies-title">
      <div className="section-head">
        <h2 id="policies-title">Escalation policies</h2>
        <button type="button" className="btn" disabled={editing === 'new'} onClick={() => setEditing('new')}>New policy</button>
      </div>
      {editing === 'new' && <PolicyEditor policy={null} onDone={done} />}
      {policies?.length === 0 && editing !== 'new' && <p className="muted">No policies: every incident pages every device. A policy says who is paged first and who next.</p>}
      {policies?.map((p) => (editing === p.id
        ? <PolicyEditor key={p.id} policy={p} onDone={done} />
        : <PolicyCard key={p.id} policy={p} onEdit={() => setEditing(p.id)} />))}
    </section>
  );
}
