// Every call goes to the console's own origin: /console/session for signing in and out, and
// /api/<service>/<path> for the services' APIs. The session is an HttpOnly cookie the page never sees.

export type Service = 'auth' | 'cache' | 'catalog' | 'results' | 'files';

export interface Session {
  username: string;
  role: 'user' | 'developer' | 'admin' | null;
  privileges: string[];
  expires_at: string | null;
}

/** An answer that was not 2xx: the API's sentence, status and details (a filter's position, say). */
export class ApiFailure extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: { position?: number; pointer?: string } & Record<string, unknown>,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<{ data: T; headers: Headers }> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(method === 'GET' ? {} : { 'x-simvault-console': '1' }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; details?: ApiFailure['details'] };
    if (res.status === 401 && !url.startsWith('/console/session'))
      window.dispatchEvent(new Event('signed-out'));
    throw new ApiFailure(res.status, e.error ?? `${res.status} ${res.statusText}`, e.details);
  }
  return { data: data as T, headers: res.headers };
}

export const api = {
  get: <T>(service: Service, path: string) => call<T>('GET', `/api/${service}${path}`),
  post: <T>(service: Service, path: string, body: unknown) => call<T>('POST', `/api/${service}${path}`, body),
  del: <T>(service: Service, path: string) => call<T>('DELETE', `/api/${service}${path}`),
  session: () => call<Session>('GET', '/console/session').then((r) => r.data),
  login: (username: string, password: string) =>
    call<Session>('POST', '/console/session/login', { username, password }).then((r) => r.data),
  logout: () => call<unknown>('POST', '/console/session/logout', {}),
};

/** The URL of a service's route, for links and images (the cookie goes with them). */
export const apiUrl = (service: Service, path: string) => `/api/${service}${path}`;

export const q = (params: Record<string, string | number | boolean | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const t = s.toString();
  return t ? `?${t}` : '';
};

export const enc = encodeURIComponent;
