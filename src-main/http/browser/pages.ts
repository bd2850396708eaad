// The few server-rendered pages (signed out, bad link, window not built): plain HTML, no script, no inline style.
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function messagePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Klaxon</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></main></body></html>
`;
}

export const SIGNED_OUT_PAGE = messagePage(
  'Sign in to Klaxon',
  'This browser is not signed in. On the machine that runs Klaxon, run: klaxon open (or klaxon open --print to get a one-time link), then follow the link it opens.',
);
