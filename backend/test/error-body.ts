import type { ErrorBody } from '@newsdesk/shared';
import type { HttpResponse } from './http-client.js';

const ERROR_KEYS = ['statusCode', 'error', 'message', 'details', 'code', 'correlationId'];

/**
 * Asserts the one error body shape every failure shares, with a correlation id that matches the
 * response's x-request-id header, and returns the body for further checks.
 */
export function expectErrorBody(response: HttpResponse, statusCode: number, message?: string | RegExp): ErrorBody {
  const body = response.body as ErrorBody;
  expect({ status: response.status, body }).toMatchObject({ status: statusCode, body: { statusCode } });
  expect(ERROR_KEYS).toEqual(expect.arrayContaining(Object.keys(body)));
  expect(body).toEqual(
    expect.objectContaining({ error: expect.any(String), message: expect.any(String), correlationId: expect.any(String) }),
  );
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.correlationId).toBe(response.headers.get('x-request-id'));
  if (message !== undefined) expect(body.message).toMatch(message);
  return body;
}
