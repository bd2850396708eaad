// At the top of the queue during an alert storm: one line that says so ("Storm: 1,240 incidents in 5 min on
// Database — paging summarised"), so that a flood reads as one event and not as rows that each paged.
import { useStorm } from './useStorm.ts';
import { stormText } from './format.ts';

export function StormBanner() {
  const storm = useStorm();
  // Always present (empty when calm) so that a screen reader announces a storm as it begins.
  return (
    <div className="storm-banner" role="status" aria-label="Alert storm">
      {storm && <p className="storm-entry">{stormText(storm)}</p>}
    </div>
  );
}
