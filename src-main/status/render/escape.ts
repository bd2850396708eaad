// Escaping for everything a status page prints: titles, messages and names come from people and from monitors, so
// each is text, never markup, wherever it lands (element content or a quoted attribute).
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
