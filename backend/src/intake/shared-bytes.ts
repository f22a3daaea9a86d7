/**
 * Message bytes go to two worker threads (parser, sender check). Bytes in shared memory are read
 * there in place; anything else is copied once per worker, which for a 10 MB mail holds the event loop.
 */
export function sharedBytes(chunks: readonly Buffer[]): Buffer {
  const length = chunks.reduce((total, chunk) => total + chunk.length, 0);
  const bytes = Buffer.from(new SharedArrayBuffer(length));
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(bytes, at);
  return bytes;
}

/** What to post to a worker: shared bytes as they are, others as a transferred copy. Workers only read them. */
export function workerBytes(bytes: Buffer): { view: Uint8Array; transfer: ArrayBuffer[] } {
  if (bytes.buffer instanceof SharedArrayBuffer) return { view: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), transfer: [] };
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { view: copy, transfer: [copy.buffer] };
}
