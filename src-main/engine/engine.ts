// The engine: the one write path. Commands are validated against current state (rules in src-shared), turned into
// ops, and appended + applied in one SQLite transaction (group commit); after commit the change feed announces them.
import { OpEnvelope, judgeRemoteOp, type Op, type OpType, type OpData } from '../../src-shared/domain/ops.ts';
import { opId, parseOpId } from '../../src-shared/domain/ids.ts';
import { HybridClock, MAX_HLC_DRIFT_MS } from '../../src-shared/domain/hlc.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import { Settings, patchSettings } from '../../src-shared/schemas/settings.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { openStore, type Durability } from '../store/database.ts';
import { loadOrCreateDevice } from '../store/device.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import { highestSeq, highestHlc, lastHlcOf, opsSince, opsOfEntity, fillChains, chainAt, forgetChainCache } from '../store/op-log.ts';
import { listQuarantinedOps } from '../store/quarantine.ts';
import { readIncidentState, stateToIncident, openIncidentRows } from '../store/incident-rows.ts';
import { foldIncident, type IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { listIncidentStates, openedSinceByService } from '../store/incident-queries.ts';
import { countIncidents } from '../store/incident-counts.ts';
import { listServiceRecords, listKeyRows, keyRow, toKeyInfo } from '../store/admin-rows.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { CommitQueue } from './commit-queue.ts';
import { applyRemoteOp, keepAside, describeRaw, type IntakeContext } from './remote-intake.ts';
import { HeldVersions } from './held-versions.ts';
import { appendAndProject, emptyTouched, projectNewlyKnownOps, type Touched } from './projector.ts';
import { ChangeFeed } from './change-feed.ts';
import { requireIncident, type Tx } from './tx.ts';
import { ingestEvent } from './commands/ingest-event.ts';
import { recordChange } from './commands/change-commands.ts';
import { listChangeRows, changeToApi } from '../store/change-rows.ts';
import { recentChangeSpan, type ChangeState } from '../../src-shared/domain/changes.ts';
import * as incidents from './commands/incident-commands.ts';
import * as admin from './commands/admin-commands.ts';
import { createMaintenanceFacet } from './maintenance-facet.ts';
import { createMonitorMethods } from './monitor-facet.ts';
import { createWebhookFacet } from './webhook-facet.ts';
import { createStatusPageFacet } from './status-page-facet.ts';
import { createSubscriberFacet } from './subscriber-facet.ts';
import { setSmtpPassword } from '../store/smtp-password.ts';
import type { Engine } from './types.ts';
import { createPrivateKey } from 'node:crypto';
import { listInvites, revokeInvite } from '../store/invites.ts';
import { isRosterOpType, countsInFolds, namePeople, type RosterState } from '../../src-shared/domain/roster.ts';
import { keyAuthenticator } from './key-authentication.ts';
import { readRoster, highestRosterHlc, TEAM_META } from '../store/roster-rows.ts';
import { publicKeyText, signHead } from '../store/op-chain.ts';
import * as team from './commands/team-commands.ts';
import { checkRemoteBatch, storeHead, headAtOrBelow } from './remote-batch.ts';
import { convergenceWork, mergeDuplicateIncidents, releaseCancelledMaintenance, separateWrongMerges } from './convergence.ts';
import { wireOnCall } from './oncall-wiring.ts';

export interface EngineOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  durability?: Durability;
  /** How often to look for writes by another process on the same data dir (default 2 s). */
  otherWritersPollMs?: number;
}

export function createEngine(opts: EngineOptions): Engine {
  const { clock, log } = opts;
  const store = openStore(opts.dataDir, opts.durability ?? 'full', log);
  const identity = loadOrCreateDevice(store);
  const { deviceId } = identity;
  const privateKey = createPrivateKey(identity.privateKeyPem);
  const publicKey = publicKeyText(identity.publicKeyPem);
  projectNewlyKnownOps(store);
  // Ops written before chains existed get theirs now (once; a few seconds for a very large log).
  if (store.db.prepare('SELECT 1 FROM ops WHERE chain IS NULL LIMIT 1').get()) store.db.transaction(() => fillChains(store)).immediate();
  const hlc = new HybridClock(() => clock.now(), MAX_HLC_DRIFT_MS);
  // A clock set back since the last run still orders new ops after this device's old ones. Only its own: a peer's
  // HLC far ahead was kept within the drift bound when it arrived, and must not drag this clock along after a restart.
  const lastHlc = lastHlcOf(store, deviceId);
  if (lastHlc) hlc.observe(lastHlc, false);
  let seq = 0; // read from the log at the first batch, and again whenever another process has written
  let seqLoaded = false;
  const feed = new ChangeFeed(log);

  // Services are read on every event; keep them in memory, refreshed whenever a batch touched them.
  let services: { byId: Map<string, Service>; byKey: Map<string, Service>; policySince: Map<string, number | null> } | null = null;
  const serviceCache = () => {
    if (!services) {
      const all = listServiceRecords(store);
      services = {
        byId: new Map(all.map((r) => [r.service.id, r.service])), byKey: new Map(all.map((r) => [r.service.routingKey, r.service])),
        policySince: new Map(all.map((r) => [r.service.id, r.policySince])),
      };
    }
    return services;
  };

  // A miss re-reads the table (at most once a second): a service created by another process on this data dir
  // (the CLI while serving) works at once, and a flood of bad routing keys cannot turn into a flood of reads.
  let lastRefresh = 0;
  const lookupService = (index: 'byId' | 'byKey', k: string): Service | null => {
    const hit = serviceCache()[index].get(k);
    if (hit || Date.now() - lastRefresh < 1000) return hit ?? null;
    lastRefresh = Date.now();
    services = null;
    return serviceCache()[index].get(k) ?? null;
  };

  const dataVersion = store.db.prepare('PRAGMA data_version').pluck();
  // Read now, not at the first check: a write by another process in between (`klaxon team join` right after the host
  // started) would otherwise become the baseline and never be noticed.
  let lastDataVersion = dataVersion.get() as number;
  // The roster is read on every peer's batch and every team command; re-read whenever a roster op was applied.
  let roster: RosterState | null = null;
  const currentRoster = (): RosterState => (roster ??= readRoster(store));

  const held = new HeldVersions(store);

  // Maintenance windows and on-call keep what every trigger and every page decision reads in memory, dropped with
  // the other caches. Both write through the queue and tx below (not called before they exist).
  const windows = createMaintenanceFacet({ store, clock, submit: (fn) => queue.submit(fn), tx: () => tx(), serviceName: (id) => serviceName(id) });
  const monitors = createMonitorMethods({ store, deviceId, submit: (fn) => queue.submit(fn), tx: () => tx() });
  const webhooks = createWebhookFacet({ store, submit: (fn) => queue.submit(fn), tx: () => tx() });
  const pages = createStatusPageFacet({ store, submit: (fn) => queue.submit(fn), tx: () => tx(), incident: (id) => incidentById(id) });
  const onCall = wireOnCall({
    store, clock, submit: (fn) => queue.submit(fn), tx: () => tx(), detail: (id) => detail(id),
    user: { deviceId, roster: currentRoster, userName: () => getSettings().userName },
    service: (id) => lookupService('byId', id), roster: currentRoster,
    policySince: (id) => serviceCache().policySince.get(id) ?? null,
  });

  const forgetCaches = () => { services = null; windows.forget(); roster = null; held.forget(); forgetChainCache(store); onCall.forget(); pages.forget(); };
  const forgetCachesFor = (opType: string) => {
    if (opType.startsWith('service.')) services = null;
    if (opType.startsWith('maintenance.')) windows.forget();
    if (isRosterOpType(opType)) { roster = null; held.forget(); }
    if (opType.startsWith('schedule.') || opType.startsWith('policy.')) onCall.forget();
    if (opType.startsWith('statuspage.')) pages.forget();
  };
  const teamContext: team.TeamContext = { deviceId, publicKey, roster: currentRoster };
  /** Once this device learns it was revoked, what it writes counts for nothing, here as on every other device. */
  const selfRevoked = (): boolean => currentRoster().devices.get(deviceId)?.revokedAt != null;

  // This device's ops up to here are on disk. A commit is readable a moment before its flush ends; sync offers
  // peers only flushed ops, so that a power cut cannot take back an op a peer already holds (its id would then be
  // reused for a different fact).
  let durableSeq = highestSeq(store, deviceId);

  let touched: Touched = emptyTouched();
  let settingsTouched = false;

  /** Set when this device's next seq must be read from the log again (a local op id was found taken). */
  let seqSuspect = false;

  /**
   * Re-reads what another process on this data dir may have written (the CLI while serving: it writes as this
   * device) and announces its ops, so that the window and the pager learn of them. Runs at the start of a batch and
   * on a timer between batches, never inside a command.
   */
  const catchUpWithOtherWriters = (): void => {
    const version = dataVersion.get() as number;
    const otherWrote = version !== lastDataVersion;
    lastDataVersion = version;
    if (!otherWrote && seqLoaded && !seqSuspect) return;
    const before = seq;
    seq = highestSeq(store, deviceId);
    seqLoaded = true;
    seqSuspect = false;
    if (!otherWrote) return;
    forgetCaches();
    // It wrote as this device (the CLI while serving): order ours after its ops; what it brought from peers (a join)
    // is followed only within the drift bound, as if it had arrived here.
    const own = lastHlcOf(store, deviceId);
    if (own) hlc.observe(own, false);
    const any = highestHlc(store);
    if (any) hlc.observe(any);
    // It waited for its own flush before it exited, so they are on disk and may be offered to peers.
    durableSeq = Math.max(durableSeq, seq);
    const ops = seq > before && before > 0 ? opsSince(store, deviceId, before, 100_000) : [];
    feed.publish({
      ops, incidentIds: [...new Set(ops.filter((o) => o.type.startsWith('incident.')).map((o) => o.entity))],
      services: true, keys: true, maintenance: true, settings: true, roster: true, oncall: true, changes: true, monitors: true, fromOtherProcess: true,
    });
  };
  const watcher = setInterval(() => {
    try { catchUpWithOtherWriters(); } catch (e) { log.error(`looking for other writers on the data dir failed: ${(e as Error).message}`); }
  }, opts.otherWritersPollMs ?? 2000);
  watcher.unref();
  const queue = new CommitQueue(store.db, {
    // Another process on the same data dir (a `klaxon services create` while serving) may have appended ops. SQLite's
    // data_version changes only when another connection commits, so the log and the services are read again only then.
    beginBatch: () => { catchUpWithOtherWriters(); },
    opsWritten: () => touched.ops.length,
    beforeCommand: () => {
      const seqBefore = seq;
      const opsBefore = touched.ops.length;
      return () => {
        // Only a command that had written something can have left the caches ahead of the rolled-back state.
        if (touched.ops.length !== opsBefore) forgetCaches();
        seq = seqBefore;
        touched.ops.length = opsBefore;
      };
    },
    onBroken: (e) => log.error(`the disk refused to flush the database (${e.message}): refusing every write until Klaxon is restarted`),
    afterBatch: (committed) => {
      const t = touched;
      const settings = settingsTouched;
      touched = emptyTouched();
      settingsTouched = false;
      if (t.services || !committed) services = null;
      if (t.maintenance || !committed) windows.forget();
      if (t.roster || !committed) roster = null;
      if (t.oncall || !committed) onCall.forget();
      if (!committed) { forgetChainCache(store); held.forget(); pages.forget(); }
      if (!committed || (t.ops.length === 0 && !settings)) return () => {};
      const seqOfBatch = seq;
      return () => {
        durableSeq = Math.max(durableSeq, seqOfBatch);
        feed.publish({ ops: t.ops, incidentIds: [...t.incidentIds], services: t.services, keys: t.keys, maintenance: t.maintenance, settings, roster: t.roster, oncall: t.oncall, changes: t.changes, monitors: t.monitors });
      };
    },
  }, store.durable);

  /**
   * Takes one peer's op (idempotent by id): applied, or kept aside (in the log, never folded) when its data breaks
   * the rules. `onDrift` hears of an HLC too far ahead to follow.
   */
  const acceptRemote = (raw: Op, onDrift?: () => void): 'applied' | 'quarantined' | 'skipped' | 'duplicate' => {
    const { op, keepAside: reason } = judgeRemoteOp(raw);
    if (!hlc.observe(op.hlc)) onDrift?.();
    const outcome = reason === null ? applyRemoteOp(intake, op) : keepAside(intake, op, reason);
    if (outcome === 'applied' || outcome === 'quarantined') {
      held.appended(op);
      // One of this device's own ops coming back (a peer echoing them after a restore): the next local op must
      // take a seq after it, and data_version does not move for writes on this connection.
      const { deviceId: from, seq: theirSeq } = parseOpId(op.id);
      if (from === deviceId && theirSeq > seq) seq = theirSeq;
    }
    return outcome;
  };

  /** After peers' ops: merge duplicate incidents, release this device's suppressions of windows cancelled elsewhere. */
  const converge = (fresh: Op[]): void => {
    if (fresh.length === 0) return;
    const work = convergenceWork(fresh);
    if (work.incidents.size === 0 && work.cancelledWindows.size === 0 && work.resolved.size === 0) return;
    const t = tx();
    const separated = separateWrongMerges(t, work.resolved, work.merged, `device:${deviceId}`);
    mergeDuplicateIncidents(t, [...work.incidents, ...separated], `device:${deviceId}`);
    releaseCancelledMaintenance(t, work.cancelledWindows, deviceId, `device:${deviceId}`);
  };

  const tx = (nowMs = clock.now()): Tx => ({
    store,
    nowMs,
    emit<T extends OpType>(type: T, entity: string, data: OpData<T>, current?: IncidentState) {
      // A roster op must sort after every roster op this device has seen (an admin's own enrolment or promotion above
      // all), even one from a peer whose clock runs ahead: else the fold would judge it before its author was admin.
      if (isRosterOpType(type)) { const h = highestRosterHlc(store); if (h) hlc.observe(h, false); }
      const op: Op = { id: opId(deviceId, ++seq), hlc: hlc.tick(), type, entity, data };
      // A local op id is new by construction; if it were taken, answering 2xx would lose the fact silently. Refuse
      // as a retry, and read the seq from the log before the next batch.
      if (!appendAndProject(store, op, clock.now(), touched, 'local', current, !selfRevoked())) {
        seqSuspect = true;
        throw new KlaxonError('UNAVAILABLE', `op id ${op.id} is already in the log; retry`);
      }
      held.appended(op);
      forgetCachesFor(type);
    },
    service: (id) => lookupService('byId', id),
    serviceByRoutingKey: (key) => lookupService('byKey', key),
    defaultService: () => serviceCache().byId.values().next().value ?? null,
    maintenanceSilencing: (serviceId) => windows.silencing(serviceId, nowMs),
  });

  const intake: IntakeContext = {
    store, log, now: () => clock.now(), touched: () => touched,
    counts: (op) => { const { deviceId: d, seq: n } = parseOpId(op.id); return countsInFolds(currentRoster(), d, n); },
    applied: (op) => forgetCachesFor(op.type),
    failed: forgetCaches,
  };

  const serviceName = (id: string) => serviceCache().byId.get(id)?.name ?? id;
  const toIncident = (s: IncidentState): Incident => ({ ...stateToIncident(s, serviceName(s.serviceId), clock.now()), statusPageIds: pages.publishedOn(s) });
  const incidentById = (id: string): Incident => {
    const s = readIncidentState(store, id);
    if (!s) throw new KlaxonError('NOT_FOUND', `Incident ${id} not found`);
    return toIncident(s);
  };
  // The timeline is the incident's ops, folded: every event, repeat, ack, note and update, in HLC order.
  // Acts are recorded as people: `user:<userId>` once this device has a person (its team's, or its own: see
  // commands/local-user.ts), stable however the person is renamed and the same on each of their devices; the
  // timeline shows their names.
  const localActor = (): string => {
    const me = onCall.methods.localUserId();
    return me ? `user:${me}` : `user:${getSettings().userName}`;
  };
  const toChange = (c: ChangeState) => changeToApi(c, serviceName(c.serviceId));
  const changeById = (id: string) => toChange(listChangeRows(store, { ids: [id], limit: 1 })[0]!);
  const detail = (id: string) => {
    const s = readIncidentState(store, id);
    if (!s) throw new KlaxonError('NOT_FOUND', `Incident ${id} not found`);
    const ops = opsOfEntity(store, id);
    const derived = onCall.escalationDetail(s, ops, namePeople(foldIncident(ops).timeline, currentRoster()), clock.now());
    // What may have caused it: its service's changes in the hour before it was created.
    const span = recentChangeSpan(s.createdAt);
    const recentChanges = listChangeRows(store, { serviceId: s.serviceId, fromIso: span.from, toIso: span.to, limit: 20 }).map(toChange);
    // With a policy, the detail's level is the one escalation is at now (a list's is the level escalated to by hand).
    return { ...toIncident(s), ...derived, ...(derived.escalation ? { escalationLevel: derived.escalation.level } : {}), recentChanges };
  };
  const forEach = (ids: string[], by: string, fn: (t: Tx, s: IncidentState) => void) =>
    queue.submit(() => { const t = tx(); for (const id of ids) fn(t, requireIncident(t, id)); }).then(() => ids.map(incidentById));
  const getSettings = () => Settings.parse(JSON.parse(getMeta(store, 'settings') ?? '{}'));

  return {
    deviceId, clock, dataDir: opts.dataDir, store,
    ...monitors,
    ingestEvent: (cmd) => queue.submit(() => ingestEvent(tx(), cmd)),
    recordChange: (cmd) => queue.submit(() => recordChange(tx(), cmd)).then(changeById),
    createIncident: (input, by) => queue.submit(() => incidents.createIncident(tx(), input, by)).then(incidentById),
    updateIncident: (id, patch, by) => queue.submit(() => incidents.updateIncident(tx(), id, patch, by)).then(() => incidentById(id)),
    acknowledge: (ids, by) => forEach(ids, by, (t, s) => incidents.setStatus(t, s, 'acknowledged', by)),
    resolve: (ids, by) => forEach(ids, by, (t, s) => incidents.setStatus(t, s, 'resolved', by)),
    snooze: (ids, minutes, by) => forEach(ids, by, (t, s) => incidents.setStatus(t, s, 'snoozed', by, t.nowMs + minutes * 60_000)),
    postStatusUpdate: (id, u, by) => queue.submit(() => incidents.postStatusUpdate(tx(), id, u, by)).then(() => detail(id)),
    addNote: (id, note, by) => queue.submit(() => incidents.addNote(tx(), id, note, by)).then(() => detail(id)),
    createService: (input) => queue.submit(() => admin.createService(tx(), input)).then((id) => serviceCache().byId.get(id)!),
    updateService: (id, patch) => queue.submit(() => admin.updateService(tx(), id, patch)).then(() => serviceCache().byId.get(id)!),
    createKey: (input) => queue.submit(() => admin.createKey(tx(), input)).then(({ id, secret }) => ({ ...toKeyInfo(keyRow(store, id)!), key: secret })),
    revokeKey: (id) => queue.submit(() => admin.revokeKey(tx(), id)).then(() => toKeyInfo(keyRow(store, id)!)),
    updateSettings: (patch) => queue.submit(() => {
      const next = patchSettings(getSettings(), patch);
      setMeta(store, 'settings', JSON.stringify(next));
      if (patch.smtp?.password !== undefined) setSmtpPassword(store, patch.smtp.password);
      settingsTouched = true;
      return next;
    }),
    ...windows.methods,
    ...webhooks,
    ...pages.methods,
    ...createSubscriberFacet({ store, submit: (fn) => queue.submit(fn), tx: () => tx() }),
    // One bad op never fails a peer's batch: a malformed envelope is skipped (it names no seq to keep), an op beyond
    // the rules is kept aside (stored, never folded), and every other op is applied.
    applyRemoteOps: (ops) => queue.submit(() => {
      const result = { applied: 0, quarantined: 0, skipped: 0 };
      const fresh: Op[] = [];
      for (const raw of ops) {
        const envelope = OpEnvelope.safeParse(raw);
        if (!envelope.success) {
          result.skipped++;
          const issue = envelope.error.issues[0];
          log.warn(`sync: skipped a peer's op with a malformed envelope (${describeRaw(raw)}: ${issue?.path.join('.') || 'op'}: ${issue?.message ?? 'invalid'})`);
          continue;
        }
        const outcome = acceptRemote(envelope.data as Op);
        if (outcome === 'duplicate') continue;
        result[outcome]++;
        if (outcome === 'applied') fresh.push(envelope.data as Op);
      }
      converge(fresh);
      return result;
    }),
    quarantinedOps: () => listQuarantinedOps(store),
    applyRemoteBatch: (batch, opts) => queue.submit(() => {
      const check = checkRemoteBatch(store, currentRoster(), batch, opts.trustFounder, held.get().get(batch.device) ?? 0);
      if (!check.ok) {
        if (check.kind === 'fork' || check.kind === 'forged' || check.kind === 'refused') log.warn(`sync: refused ops of ${batch.device} ${batch.from}…${batch.head.seq} from ${batch.via}: ${check.reason}`);
        return { applied: 0, held: held.get().get(batch.device) ?? 0, problem: check.kind === 'duplicate' ? null : check };
      }
      const fresh: Op[] = [];
      let drifted = false;
      for (const op of check.fresh) {
        if (acceptRemote(op, () => { drifted = true; }) !== 'duplicate') fresh.push(op);
      }
      if (drifted) log.warn(`sync: ${batch.device}'s clock is more than ${MAX_HLC_DRIFT_MS / 60_000} min ahead of this device's; its ops are kept in their order, this clock does not follow`);
      const heldNow = held.get().get(batch.device) ?? 0;
      if (heldNow >= batch.head.seq) storeHead(store, batch.device, batch.head);
      converge(fresh);
      return { applied: fresh.length, held: heldNow, problem: null };
    }),

    ...onCall.methods,

    publicKey,
    roster: currentRoster,
    localActor,
    createTeam: (input) => queue.submit(() => team.createTeam(tx(), teamContext, input)),
    enrolWithInvite: (req) => queue.submit(() => team.enrolWithInvite(tx(), teamContext, req)),
    revokeDevice: (id, reason) => queue.submit(() => team.revokeDevice(tx(), teamContext, id, reason)),
    setDeviceRole: (id, role) => queue.submit(() => team.setDeviceRole(tx(), teamContext, id, role)),
    describeSelf: (fields) => queue.submit(() => team.describeSelf(tx(), teamContext, fields)),
    createUser: (name) => queue.submit(() => team.createUser(tx(), teamContext, name)),
    joiningTeam: (teamId) => queue.submit(() => {
      if (currentRoster().team) throw new KlaxonError('CONFLICT', `This device is already in team ${currentRoster().team!.name}`);
      setMeta(store, TEAM_META, teamId);
    }),
    createInvite: (input) => queue.submit(() => team.createInvite(tx(), teamContext, input)),
    listInvites: () => listInvites(store),
    revokeInvite: (id) => revokeInvite(store, id, clock.now()),
    ownHead(atSeq) {
      const upTo = Math.min(atSeq, durableSeq);
      if (upTo < 1) return null;
      const signed = headAtOrBelow(store, deviceId, upTo);
      if (signed?.seq === upTo) return signed;
      const hash = chainAt(store, deviceId, upTo);
      if (hash === null) return signed;
      const head = signHead(deviceId, privateKey, publicKey, upTo, hash);
      storeHead(store, deviceId, head);
      return head;
    },
    headAtOrBelow: (dev, atSeq) => headAtOrBelow(store, dev, atSeq),
    contiguousSeq: (dev) => (dev === deviceId ? Math.min(held.get().get(dev) ?? 0, durableSeq) : held.get().get(dev) ?? 0),
    forks: () => store.all(store.q.selectFrom('forks').selectAll().orderBy('detected_at')),

    listIncidents(query) {
      const { states, ...rest } = listIncidentStates(store, query, clock.now());
      return { incidents: states.map(toIncident), ...rest };
    },
    getIncident: detail,
    listChanges: (query) => listChangeRows(store, { serviceId: query.serviceId, fromIso: query.from && new Date(query.from).toISOString(), toIso: query.to && new Date(query.to).toISOString(), limit: query.limit }).map(toChange),
    incidentCounts: () => countIncidents(store, { serviceId: null, search: null, nowIso: new Date(clock.now()).toISOString() }),
    openIncidentStates: () => openIncidentRows(store),
    incidentsOpenedSince: (sinceMs, atMost) => openedSinceByService(store, new Date(sinceMs).toISOString(), atMost),
    incidentsByIds: (ids) => ids.map((id) => readIncidentState(store, id)).filter((s): s is IncidentState => s !== null).map(toIncident),
    incidentOps: (id) => opsOfEntity(store, id),
    incidentStatesByIds: (ids) => ids.map((id) => readIncidentState(store, id)).filter((s): s is IncidentState => s !== null),
    listServices: () => [...serviceCache().byId.values()],
    getService: (id) => lookupService('byId', id),
    serviceByRoutingKey: (key) => lookupService('byKey', key),
    listKeys: () => listKeyRows(store),
    authenticate: keyAuthenticator(store, () => clock.now(), () => queue.brokenReason !== null),
    getSettings,
    opsSince: (dev, after, limit) => opsSince(store, dev, after, limit, dev === deviceId ? durableSeq : undefined),
    versionVector: () => {
      const vv = Object.fromEntries(held.get());
      if (vv[deviceId] !== undefined) vv[deviceId] = Math.min(vv[deviceId], durableSeq);
      return vv;
    },

    writesRefused: () => queue.brokenReason,
    onChange: (listener) => feed.subscribe(listener),
    abandon() {
      clearInterval(watcher);
      queue.abandon();
      feed.close();
      store.close();
    },
    async close() {
      clearInterval(watcher);
      await queue.drain();
      feed.close();
      store.close();
    },
  };
}
