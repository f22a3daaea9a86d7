/**
 * Worker thread for sender authentication: mailauth's DKIM body hashing and canonicalisation of a
 * large message would hold the event loop for seconds. DNS queries go back to the main thread,
 * whose resolver is the injected one (a fixed table in tests).
 */
import { parentPort } from 'node:worker_threads';
import { authenticateDirect } from './sender-auth.js';
import type { SenderAuthReply, SenderAuthRequest } from './sender-auth-pool.js';

const port = parentPort!;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextQuery = 1;

const resolver = (name: string, rrtype: string) =>
  new Promise<unknown>((resolve, reject) => {
    const query = nextQuery++;
    pending.set(query, { resolve, reject });
    port.postMessage({ type: 'dns', query, name, rrtype } satisfies SenderAuthReply);
  });

port.on('message', (message: SenderAuthRequest) => {
  if (message.type === 'dns') {
    const waiting = pending.get(message.query);
    pending.delete(message.query);
    if (!waiting) return;
    if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    else waiting.resolve(message.value);
    return;
  }
  const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
  void authenticateDirect(bytes, message.envelope, { resolver, authservId: message.authservId }).then((verdict) =>
    port.postMessage({ type: 'done', id: message.id, verdict } satisfies SenderAuthReply),
  );
});
