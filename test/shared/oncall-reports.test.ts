// Weekly report rows from incidents' facts, figures computed by hand: two services, a week boundary at Monday
// 00:00 UTC, means over the acknowledged/resolved only, escalated share, pages and pages outside support hours, and
// the same incidents seen per person. And the CSV export: header, RFC 4180 quoting, the spreadsheet-formula guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, weekStart, type IncidentFacts } from '../../src-shared/domain/oncall/reports.ts';
import { reportCsv, csvText } from '../../src-shared/domain/oncall/report-csv.ts';

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);
const NAMES: Record<string, string> = { svc_a: 'API', svc_b: 'DB', usr_a: 'Alice', usr_b: 'Bob' };
const nameOf = (k: string) => NAMES[k] ?? k;

const page = (at: number, userId: string | null, outsideSupportHours = false) => ({ at, userId, outsideSupportHours });
const c1 = t('2026-03-01T23:30:00Z'); // Sunday: the week of Monday 23 February
const c2 = t('2026-03-02T00:10:00Z'); // Monday just after midnight: the next week
const c3 = t('2026-03-02T09:00:00Z');
const c4 = t('2026-03-03T10:00:00Z');
const FACTS: IncidentFacts[] = [
  { id: 'inc_1', serviceId: 'svc_a', createdAt: c1, firstAck: { at: c1 + 5 * MIN, by: 'user:usr_a' }, firstResolve: { at: c1 + 65 * MIN, by: 'user:usr_b' },
    escalated: false, pages: [page(c1, 'usr_a')] },
  { id: 'inc_2', serviceId: 'svc_a', createdAt: c2, firstAck: { at: c2 + 2 * MIN, by: 'user:usr_a' }, firstResolve: { at: c2 + 30 * MIN, by: 'key:k1' },
    escalated: true, pages: [page(c2, 'usr_a', true), page(c2 + MIN, 'usr_b', true)] },
  { id: 'inc_3', serviceId: 'svc_b', createdAt: c3, firstAck: null, firstResolve: { at: c3 + 10 * MIN, by: 'user:usr_b' },
    escalated: false, pages: [page(c3, null)] },
  { id: 'inc_4', serviceId: 'svc_a', createdAt: c4, firstAck: { at: c4 + 10 * MIN, by: 'user:usr_b' }, firstResolve: null,
    escalated: false, pages: [page(c4, 'usr_a'), page(c4 + 5 * MIN, 'usr_b')] },
];

test('a week starts on Monday 00:00 UTC', () => {
  assert.equal(new Date(weekStart(c1)).toISOString(), '2026-02-23T00:00:00.000Z');
  assert.equal(new Date(weekStart(c2)).toISOString(), '2026-03-02T00:00:00.000Z');
  assert.equal(new Date(weekStart(t('2026-03-08T23:59:59.999Z'))).toISOString(), '2026-03-02T00:00:00.000Z');
  assert.equal(new Date(weekStart(t('2026-03-02T00:00:00Z'))).toISOString(), '2026-03-02T00:00:00.000Z');
});

test('by service: counts, MTTA and MTTR over those acknowledged/resolved, escalated share, pages', () => {
  assert.deepEqual(buildReport(FACTS, 'service', nameOf), [
    { week: '2026-02-23T00:00:00.000Z', key: 'svc_a', name: 'API', incidents: 1, acknowledged: 1, resolved: 1, mttaSeconds: 300, mttrSeconds: 3900,
      escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 },
    { week: '2026-03-02T00:00:00.000Z', key: 'svc_a', name: 'API', incidents: 2, acknowledged: 2, resolved: 1, mttaSeconds: 360, mttrSeconds: 1800,
      escalatedShare: 0.5, pagesSent: 4, pagesOutsideSupportHours: 2 },
    { week: '2026-03-02T00:00:00.000Z', key: 'svc_b', name: 'DB', incidents: 1, acknowledged: 0, resolved: 1, mttaSeconds: null, mttrSeconds: 600,
      escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 },
  ]);
});

test('by person: what each first acknowledged or resolved, and the pages to them; keys and every-device pages belong to nobody', () => {
  assert.deepEqual(buildReport(FACTS, 'user', nameOf), [
    { week: '2026-02-23T00:00:00.000Z', key: 'usr_a', name: 'Alice', incidents: 1, acknowledged: 1, resolved: 0, mttaSeconds: 300, mttrSeconds: null,
      escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 },
    { week: '2026-02-23T00:00:00.000Z', key: 'usr_b', name: 'Bob', incidents: 1, acknowledged: 0, resolved: 1, mttaSeconds: null, mttrSeconds: 3900,
      escalatedShare: 0, pagesSent: 0, pagesOutsideSupportHours: 0 },
    { week: '2026-03-02T00:00:00.000Z', key: 'usr_a', name: 'Alice', incidents: 2, acknowledged: 1, resolved: 0, mttaSeconds: 120, mttrSeconds: null,
      escalatedShare: 0.5, pagesSent: 2, pagesOutsideSupportHours: 1 },
    { week: '2026-03-02T00:00:00.000Z', key: 'usr_b', name: 'Bob', incidents: 3, acknowledged: 1, resolved: 1, mttaSeconds: 600, mttrSeconds: 600,
      escalatedShare: 1 / 3, pagesSent: 2, pagesOutsideSupportHours: 1 },
  ]);
});

test('no incidents, no rows', () => {
  assert.deepEqual(buildReport([], 'service', nameOf), []);
});

test('CSV: a header, one line per row ended by CRLF, empty cells for no mean, numbers as they are', () => {
  const csv = reportCsv(buildReport(FACTS, 'service', nameOf));
  const lines = csv.split('\r\n');
  assert.equal(lines.at(-1), '', 'the last line ends with CRLF too');
  assert.equal(lines[0], 'week,key,name,incidents,acknowledged,resolved,mtta_seconds,mttr_seconds,escalated_share,pages_sent,pages_outside_support_hours');
  assert.equal(lines[2], '2026-03-02T00:00:00.000Z,svc_a,API,2,2,1,360,1800,0.5,4,2');
  assert.equal(lines[3], '2026-03-02T00:00:00.000Z,svc_b,DB,1,0,1,,600,0,1,0');
  assert.equal(lines.length, 5);
});

test('CSV: names are quoted as RFC 4180 says, and a name that a spreadsheet would run as a formula is defused', () => {
  assert.equal(csvText('plain'), 'plain');
  assert.equal(csvText('a,b'), '"a,b"');
  assert.equal(csvText('say "hi"'), '"say ""hi"""');
  assert.equal(csvText('two\nlines'), '"two\nlines"');
  for (const lead of ['=', '+', '-', '@', '\t']) assert.equal(csvText(`${lead}1+1`), `'${lead}1+1`, JSON.stringify(lead));
  assert.equal(csvText('=HYPERLINK("http://x","y")'), '"\'=HYPERLINK(""http://x"",""y"")"', 'guarded, then quoted');
  assert.equal(csvText('\r1'), '"\'\r1"');
  const csv = reportCsv([{ week: '2026-03-02T00:00:00.000Z', key: 'svc_x', name: '=cmd|"/c calc"!A1', incidents: 1, acknowledged: 0, resolved: 0,
    mttaSeconds: null, mttrSeconds: null, escalatedShare: 0, pagesSent: 1, pagesOutsideSupportHours: 0 }]);
  assert.equal(csv.split('\r\n')[1], '2026-03-02T00:00:00.000Z,svc_x,"\'=cmd|""/c calc""!A1",1,0,0,,,0,1,0');
});
