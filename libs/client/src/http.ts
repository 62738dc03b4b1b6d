import createClient, { type Client } from 'openapi-fetch';

/** An error answer from a Simvault service: its status and the `{error, statusCode, details?}` body. */
export class SimvaultError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; statusCode?: number; details?: unknown } | string,
    readonly method: string,
    readonly url: string,
  ) {
    super(`${method} ${url}: ${status} ${typeof body === 'string' ? body : (body.error ?? '')}`.trim());
    this.name = 'SimvaultError';
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ClientOptions {
  /** Session or API token, sent as `Authorization: Bearer`. */
  token?: string;
  /** Request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** The transport every service client shares: JSON in and out, the token, errors as SimvaultError. */
export class HttpClient {
  token: string | undefined;
  readonly timeoutMs: number;

  constructor(
    readonly baseUrl: string,
    options: ClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: object } = {},
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries((options.query ?? {}) as Query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) body = JSON.parse(text);
    if (!res.ok) throw new SimvaultError(res.status, body as SimvaultError['body'], method, url.pathname);
    return body as T;
  }
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** The query parameters of a generated operation (`operations['UsersController_list']`). */
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Any `paths` interface openapi-typescript generates (libs/client/src/generated/<app>.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Paths = {};

/**
 * An openapi-fetch client over one service's generated `paths`, sharing `http`'s base URL, token
 * and timeout: the route, its parameters, body and answer are checked against the OpenAPI document
 * at compile time. Use `answer()` to get the body or a SimvaultError.
 */
export function typedClient<P extends Paths>(http: HttpClient): Client<P> {
  return createClient<P>({
    baseUrl: http.baseUrl,
    headers: { accept: 'application/json' },
    fetch: (request) => {
      if (http.token) request.headers.set('authorization', `Bearer ${http.token}`);
      return fetch(request, { signal: AbortSignal.timeout(http.timeoutMs) });
    },
  });
}

/** The body of a typed call, or the SimvaultError its status and error body make. */
export async function answer<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  method: string,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new SimvaultError(
      response.status,
      (error ?? '') as SimvaultError['body'],
      method,
      new URL(response.url).pathname,
    );
  }
  return data as T;
}
