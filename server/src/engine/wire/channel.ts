// Calls across a thread boundary (worker_threads), both ways: each side can call the other's
// handlers and await the answer. Messages on one port arrive in the order they were sent, so an
// answer posted after a version always reaches the other side after that version.
import type { MessagePort, Worker } from 'node:worker_threads';

type Port = Pick<MessagePort | Worker, 'postMessage' | 'on' | 'off'>;

export type Message =
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'reply'; id: number; value?: unknown; error?: { message: string; name: string } }
  | { kind: 'post'; topic: string; body: unknown };

type Handler = (...args: never[]) => unknown;

export class Channel {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, (body: never) => void>();

  constructor(private readonly port: Port) {
    port.on('message', this.onMessage);
  }

  /** Answers calls of `method` from the other side. */
  handle<A extends unknown[], R>(method: string, fn: (...args: A) => R | Promise<R>): void {
    this.handlers.set(method, fn as unknown as Handler);
  }

  /** Receives one-way messages on `topic`. */
  listen<B>(topic: string, fn: (body: B) => void): void {
    this.listeners.set(topic, fn as (body: never) => void);
  }

  call<R>(method: string, ...args: unknown[]): Promise<R> {
    const id = ++this.next;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ kind: 'call', id, method, args } satisfies Message);
    });
  }

  post(topic: string, body: unknown): void {
    this.port.postMessage({ kind: 'post', topic, body } satisfies Message);
  }

  /** Fails every call still waiting (the other side is gone). */
  fail(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  close(): void {
    this.port.off('message', this.onMessage);
  }

  private readonly onMessage = (m: Message) => {
    if (m.kind === 'post') return this.listeners.get(m.topic)?.(m.body as never);
    if (m.kind === 'reply') {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.error) w.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else w.resolve(m.value);
      return;
    }
    const fn = this.handlers.get(m.method);
    const reply = (r: Omit<Extract<Message, { kind: 'reply' }>, 'kind' | 'id'>) =>
      this.port.postMessage({ kind: 'reply', id: m.id, ...r } satisfies Message);
    if (!fn) return reply({ error: { name: 'Error', message: `no handler for ${m.method}` } });
    Promise.resolve()
      .then(() => fn(...(m.args as never[])))
      .then(
        (value) => reply({ value }),
        (e: Error) => reply({ error: { name: e.name ?? 'Error', message: e.message ?? String(e) } }),
      );
  };
}
