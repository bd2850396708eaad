// What went wrong, visibly: a refused command (after its row rolled back), a failed load.
import { useQueue } from '../store/context.tsx';

export function ErrorBanner() {
  const errors = useQueue((s) => s.errors);
  const dismiss = useQueue((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error">
          <span>{e.message}</span>
          <button type="button" className="link-button" aria-label="Dismiss error" onClick={() => dismiss(e.id)}>Dismiss</button>
        </div>
      ))}
    </div>
  );
}
