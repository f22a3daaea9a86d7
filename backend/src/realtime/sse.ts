import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

/** A client that lets this much pile up unread is dropped; it reconnects and refetches. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One server-sent event. JSON.stringify never emits a raw line break, so `data` stays one line. */
export function formatEvent(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/**
 * A `text/event-stream` response written straight to the socket. Fastify's onSend hooks do not run
 * for a hijacked reply, so the headers they would add (request id, no-store) are set here; helmet's
 * security headers were already put on the raw response by its onRequest hook and are kept.
 */
export class SseConnection {
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(request: FastifyRequest, private readonly reply: FastifyReply) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': String(request.id),
      connection: 'keep-alive',
    });
    raw.flushHeaders();
    raw.socket?.setNoDelay(true);
    raw.on('close', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  write(chunk: string): void {
    if (this.closed) return;
    const raw = this.reply.raw;
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      raw.destroy();
      return;
    }
    raw.write(chunk);
  }

  close(): void {
    if (this.closed) return;
    this.reply.raw.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
