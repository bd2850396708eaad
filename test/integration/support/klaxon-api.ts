// Small HTTP helpers over the real Incidents API and /v2/enqueue, as a monitor or script would call them.
import type { Incident, IncidentDetail, ListIncidentsResponse } from '../../../src-shared/schemas/incidents.ts';

export interface EnqueueAnswer { status: number; body: unknown }

/** POSTs a body to /v2/enqueue exactly as given (a string is sent byte for byte). */
export async function enqueue(baseUrl: string, body: string | object, signal?: AbortSignal): Promise<EnqueueAnswer> {
  const res = await fetch(`${baseUrl}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* keep the text */ }
  return { status: res.status, body: parsed };
}

async function getJson<T>(url: string, apiKey: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every incident, following `nextCursor` page by page (the API's max page is 200). */
export async function allIncidents(baseUrl: string, apiKey: string, query: Record<string, string> = {}): Promise<Incident[]> {
  const out: Incident[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const params = new URLSearchParams({ limit: '200', ...query });
    if (cursor) params.set('cursor', cursor);
    const res: ListIncidentsResponse = await getJson<ListIncidentsResponse>(`${baseUrl}/api/incidents?${params}`, apiKey);
    out.push(...res.incidents);
    if (!res.nextCursor || res.incidents.length === 0) return out;
    cursor = res.nextCursor;
  }
  throw new Error('incident listing did not end');
}

export function getIncident(baseUrl: string, apiKey: string, id: string): Promise<IncidentDetail> {
  return getJson<IncidentDetail>(`${baseUrl}/api/incidents/${encodeURIComponent(id)}`, apiKey);
}

/** The incidents carrying this dedup key, newest episode first as the API lists them. */
export async function incidentsWithDedupKey(baseUrl: string, apiKey: string, dedupKey: string): Promise<Incident[]> {
  const all = await allIncidents(baseUrl, apiKey, { q: dedupKey });
  return all.filter((i) => i.dedupKey === dedupKey);
}
