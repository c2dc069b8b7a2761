// A live-events stream read the way a browser's EventSource reads it: server-sent events over
// fetch, each with its id and JSON data (the connection's own "connected" event left out).
export interface SseStream<T> {
  events: { id: string | null; data: T }[];
  close(): void;
}

export async function openEvents<T>(url: string, headers: Record<string, string>): Promise<SseStream<T>> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const events: SseStream<T>['events'] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .filter((l) => l.startsWith(`${name}:`))
            .map((l) => l.slice(name.length + 1).trimStart());
        const data = field('data');
        if (!data.length || field('event').length) continue;
        events.push({ id: field('id')[0] ?? null, data: JSON.parse(data.join('\n')) as T });
      }
    }
  })().catch(() => undefined);
  return { events, close: () => abort.abort() };
}
