// The one seam between status pages as entities (status-source.ts: which page shows what, published incidents, the
// public view) and how they are served here (HTML, feeds, summary, badges). Everything served under /status/ reads
// a page through this interface and nothing else, so what the public view leaves out cannot leak here.
import type { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';

export interface StatusSource {
  /** The public view of the page with this slug as of `nowMs`, or null when there is no such published page. */
  page(slug: string, nowMs: number): PublicStatusPage | null;
}
