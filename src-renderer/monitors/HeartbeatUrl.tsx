// A heartbeat's push URL, with a copy button and (right after creation) the curl line a cron job or a backup script
// ends with. The URL is the credential: anyone holding it can report the job alive or down.
import { CopyButton } from '../settings/CopyButton.tsx';

export const curlExample = (url: string): string => `curl -fsS -m 10 --retry 3 "${url}"`;

export function HeartbeatUrl({ url, name, example = false }: { url: string; name: string; example?: boolean }) {
  return (
    <div className="heartbeat-url">
      <code aria-label={`Push URL of ${name}`}>{url}</code> <CopyButton value={url} label={`Copy the push URL of ${name}`} />
      {example && (
        <>
          <p className="muted">Call it at the end of the job, at least once an interval (POST works too; add <code>?status=down&amp;msg=…</code> to report a failure):</p>
          <code className="curl-example">{curlExample(url)}</code> <CopyButton value={curlExample(url)} label={`Copy the curl command for ${name}`} />
          <p className="muted">Keep it secret: whoever has the URL can report for this monitor.</p>
        </>
      )}
    </div>
  );
}
