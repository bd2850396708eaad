// At the top of the queue: the maintenance on now (and what it keeps quiet) and the next that is coming, so a
// responder who sees incidents arrive as suppressed knows why. Live: the feed brings new and cancelled windows,
// the clock flips them from upcoming to in progress and away.
import { hrefFor } from '../app/router.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useLiveWindows } from './useLiveWindows.ts';
import { effectText, formatRange, formatUntil } from './format.ts';

/** More than this many upcoming windows are summed up in a link to Settings, so the queue keeps its room. */
const MAX_UPCOMING = 3;

export function MaintenanceBanner() {
  const live = useLiveWindows();
  const inProgress = live.filter((l) => l.status === 'in_progress').map((l) => l.window);
  const upcoming = live.filter((l) => l.status === 'scheduled').map((l) => l.window);
  const more = upcoming.length - MAX_UPCOMING;
  // Always present (empty when nothing is scheduled) so that a screen reader announces a window as it appears.
  return (
    <div className="maintenance-banner" role="status" aria-label="Maintenance">
      {inProgress.map((w) => (
        <p key={w.id} className="maintenance-entry maintenance-now" title={w.message === null ? undefined : displayText(w.message, { multiline: true })}>
          {`Maintenance in progress: ${displayText(w.title)} until ${formatUntil(w)} — ${effectText(w)}`}
        </p>
      ))}
      {upcoming.slice(0, MAX_UPCOMING).map((w) => (
        <p key={w.id} className="maintenance-entry maintenance-upcoming" title={w.message === null ? undefined : displayText(w.message, { multiline: true })}>
          {`Upcoming maintenance: ${displayText(w.title)}, ${formatRange(w)}`}
        </p>
      ))}
      {more > 0 && (
        <p className="maintenance-entry maintenance-upcoming">
          <a href={hrefFor({ name: 'settings' })}>{more === 1 ? '1 more upcoming window' : `${more} more upcoming windows`}</a>
        </p>
      )}
    </div>
  );
}
