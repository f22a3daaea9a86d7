import type { ErrorBody } from '@newsdesk/shared';

/** What the fake server answers: a status and an optional JSON body. */
export interface StubReply {
  status: number;
  body?: unknown;
}

type Responder = StubReply | ((request: Request) => StubReply);

/**
 * Replaces global fetch with a tiny server keyed by "METHOD /path" (the query string is ignored
 * for matching). Every request is kept, so tests can read what the app really sent.
 */
export function stubFetch(routes: Record<string, Responder>): { requests: Request[] } {
  const requests: Request[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    // Node's Request cannot read jsdom's Blob (a File being uploaded); hand it the bytes.
    const sentBody = init?.body instanceof Blob ? await readBlob(init.body) : init?.body;
    const request = new Request(new URL(String(input), window.location.href), { ...init, body: sentBody });
    requests.push(request.clone());
    const url = new URL(request.url);
    const responder = routes[`${request.method} ${url.pathname}`];
    if (!responder) throw new Error(`No stub for ${request.method} ${url.pathname}`);
    const { status, body } = typeof responder === 'function' ? responder(request) : responder;
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
  });
  return { requests };
}

/** The JSON an ErrorBody-speaking backend sends for `status`. */
export function errorReply(status: number, message: string, details?: ErrorBody['details']): StubReply {
  return {
    status,
    body: { statusCode: status, error: 'Error', message, details, correlationId: 'test-correlation-id' },
  };
}

function readBlob(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}
