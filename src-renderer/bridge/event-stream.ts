// Reads a text/event-stream body (the host's change feed) as fetch hands it over: one call per event with its data.
// EventSource would do this itself, but it cannot send the tab's secret header.

/** Calls `onData` with each event's data until the body ends (resolves) or breaks (rejects). Comments are skipped. */
export async function readEventStream(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onData(data.join('\n'));
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    if (field === 'data') data.push(colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, ''));
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n')) !== -1) {
        line(buffered.slice(0, buffered[end - 1] === '\r' ? end - 1 : end));
        buffered = buffered.slice(end + 1);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
