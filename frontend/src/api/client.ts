import { CSRF_HEADER, type ErrorBody } from '@newsdesk/shared';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const STATE_CHANGING = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

export type QueryParams = Record<string, string | undefined>;

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** Bytes sent as they are (uploads), instead of a JSON body. */
  rawBody?: Blob;
  headers?: Record<string, string>;
  query?: QueryParams;
  signal?: AbortSignal;
}

/** A failed API call, carrying the server's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.body = body;
  }

  /** Validation messages the server gave for one field. */
  fieldMessages(field: string): string[] {
    return this.body.details?.find((detail) => detail.field === field)?.messages ?? [];
  }
}

// Held in memory only: a token in storage would outlive the session and be readable by any script.
let csrfToken: string | null = null;

/** Remembers the CSRF token of the latest SessionDto (or forgets it with null). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** A sentence fit to show a user for any error a fetcher can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  // fetch rejects with a TypeError when the network or the server is unreachable.
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}

/** Calls the API and returns its JSON body. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await perform(path, options);
  return (await response.json()) as T;
}

/** Calls an API endpoint that answers without a body (204). */
export async function send(path: string, options: RequestOptions = {}): Promise<void> {
  await perform(path, options);
}

async function perform(path: string, { method = 'GET', body, rawBody, headers: extra, query, signal }: RequestOptions): Promise<Response> {
  const headers = new Headers({ accept: 'application/json', ...extra });
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (rawBody !== undefined) headers.set('content-type', 'application/octet-stream');
  if (STATE_CHANGING.has(method) && csrfToken !== null) headers.set(CSRF_HEADER, csrfToken);

  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) throw new ApiError(await readErrorBody(response));
  return response;
}

function withQuery(path: string, query: QueryParams | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

async function readErrorBody(response: Response): Promise<ErrorBody> {
  const fallback: ErrorBody = {
    statusCode: response.status,
    error: response.statusText || 'Error',
    message:
      response.status >= 500
        ? 'The server ran into a problem. Please try again in a moment.'
        : `The request failed (${response.status}).`,
    correlationId: response.headers.get('x-correlation-id') ?? '',
  };
  // A proxy or a crashed server may answer with HTML or nothing at all.
  const parsed: unknown = await response.json().catch(() => null);
  if (!isRecord(parsed) || typeof parsed.message !== 'string') return fallback;
  return {
    statusCode: response.status,
    error: typeof parsed.error === 'string' ? parsed.error : fallback.error,
    message: parsed.message,
    details: Array.isArray(parsed.details) ? parsed.details.filter(isFieldDetail) : undefined,
    correlationId: typeof parsed.correlationId === 'string' ? parsed.correlationId : fallback.correlationId,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isFieldDetail(value: unknown): value is NonNullable<ErrorBody['details']>[number] {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    Array.isArray(value.messages) &&
    value.messages.every((message) => typeof message === 'string')
  );
}
