import { setTimeout as delay } from 'node:timers/promises';
import type { TestUser } from './factories.js';

export interface StreamMessage {
  event: string;
  data: any;
  id?: string;
  retry?: number;
  comment?: string;
}

/**
 * A real event-stream client over fetch: signs in like the dashboard (session cookie), keeps reading
 * the body, and lets a test wait for the next message that matches.
 */
export class EventStreamClient {
  readonly messages: StreamMessage[] = [];
  status = 0;
  headers: Headers = new Headers();
  ended = false;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private cursor = 0;

  private constructor(private readonly baseUrl: string) {}

  /** Signs `user` in on `baseUrl` and opens the stream; resolves once the first bytes (the retry hint) arrived. */
  static async open(baseUrl: string, user: TestUser | null, extraHeaders: Record<string, string> = {}): Promise<EventStreamClient> {
    const client = new EventStreamClient(baseUrl);
    const headers: Record<string, string> = { accept: 'text/event-stream', ...extraHeaders };
    if (user) headers.cookie = await client.signIn(user);
    await client.connect(headers);
    if (client.status === 200) await client.next((message) => message.retry !== undefined);
    return client;
  }

  /** The next message (after those already taken) that matches; fails after `timeoutMs`. */
  async next(match: (message: StreamMessage) => boolean = () => true, timeoutMs = 5_000): Promise<StreamMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.messages.length) {
        const message = this.messages[this.cursor++];
        if (match(message)) return message;
      }
      if (this.ended) throw new Error(`stream ended without a matching message; saw ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; saw ${JSON.stringify(this.messages)}`);
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), delay(left, undefined, { ref: false })]);
    }
  }

  /** Waits for a named event whose data matches. */
  nextEvent(event: string, match: (data: any) => boolean = () => true, timeoutMs?: number): Promise<StreamMessage> {
    return this.next((message) => message.event === event && match(message.data), timeoutMs);
  }

  /** Resolves when the server ends the stream. */
  async closedByServer(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the server did not end the stream');
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), delay(50, undefined, { ref: false })]);
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async signIn(user: TestUser): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
    return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  }

  private async connect(headers: Record<string, string>): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/events/stream`, { headers, signal: this.abort.signal });
    this.status = response.status;
    this.headers = response.headers;
    if (response.status !== 200 || !response.body) {
      this.ended = true;
      this.messages.push({ event: 'error', data: await response.text() });
      return;
    }
    void this.read(response.body);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.wake();
      }
    } catch {
      // aborted by close(), or the connection dropped
    }
    this.ended = true;
    this.wake();
  }

  private parse(block: string): void {
    const message: StreamMessage = { event: 'message', data: undefined };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === '') message.comment = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') message.id = value;
      else if (field === 'retry') message.retry = Number(value);
    }
    if (data.length) message.data = JSON.parse(data.join('\n'));
    if (message.comment !== undefined && !data.length) message.event = 'comment';
    if (message.retry !== undefined && !data.length && message.comment === undefined) message.event = 'retry';
    this.messages.push(message);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
