// A block of text to paste somewhere else, with its copy button.
import { CopyButton } from './CopyButton.tsx';

export function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="snippet">
      <figcaption>{title} <CopyButton value={text} label={`Copy ${title}`} /></figcaption>
      <pre aria-label={title}><code>{text}</code></pre>
    </figure>
  );
}
