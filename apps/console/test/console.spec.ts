import { accessGaps } from '@simvault/auth/testing';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { CSRF_HEADER, SESSION_COOKIE } from '../src';
import { startConsolePlatform, type ConsolePlatform } from './platform';

/** A browser's request to the console: the cookie it holds, and the header its pages add to changes. */
async function call(
  p: ConsolePlatform,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: `${SESSION_COOKIE}=${options.cookie}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a page, not JSON
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, unknown>, text };
}

const page = { [CSRF_HEADER]: '1' };

/** Signs in through the console; answers the cookie's value (what the browser keeps) and the answer. */
async function signIn(p: ConsolePlatform, username: string, password = `${username}-password`) {
  const res = await call(p, 'POST', '/console/session/login', {
    body: { username, password },
    headers: page,
  });
  const cookie = res.headers.get('set-cookie') ?? '';
  const value = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(cookie)?.[1];
  return { res, cookie, token: value ? decodeURIComponent(value) : undefined };
}

describe.each(TEST_BACKENDS)('the console app (%s)', (backend) => {
  let p: ConsolePlatform;
  beforeAll(async () => {
    p = await startConsolePlatform(backend, ['results']);
  });
  afterAll(() => p?.close());

  it('declares an access rule on every route; only its page, sign-in and the forwarder are public', () => {
    const gaps = accessGaps(p.console);
    expect(gaps.undeclared).toEqual([]);
    expect(gaps.public).toEqual([
      'ALL /api/:service/*path',
      'GET /',
      'GET /*path',
      'GET /console/session',
      'GET /health',
      'GET /health/live',
      'POST /console/session/login',
      'POST /console/session/logout',
    ]);
  });

  it('signs in into an HttpOnly, SameSite=Strict cookie and never hands the token to the page', async () => {
    const { res, cookie, token } = await signIn(p, 'usr');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      username: 'usr',
      role: 'user',
      privileges: expect.arrayContaining(['read']),
      expires_at: expect.any(String),
    });
    expect(res.text).not.toContain(token);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(3600);
    // The cookie's token is a real session of the auth service.
    const me = await call(p, 'GET', '/console/session', { cookie: token });
    expect([me.status, me.body.username]).toEqual([200, 'usr']);
  });

  it("refuses a wrong password with the auth service's answer and sets no cookie", async () => {
    const { res, cookie } = await signIn(p, 'usr', 'not-the-password');
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual(expect.any(String));
    expect(cookie).toBe('');
    const missing = await call(p, 'POST', '/console/session/login', { body: {}, headers: page });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/username/);
  });

  it("forwards /api/<service>/… to that service with the cookie's session; the service decides", async () => {
    const { token } = await signIn(p, 'usr');
    const signedIn = await call(p, 'GET', '/api/results/schemas', { cookie: token });
    expect([signedIn.status, signedIn.body]).toEqual([200, []]);
    expect(signedIn.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect((await call(p, 'GET', '/api/results/schemas')).status).toBe(401);
    // Roles: a user is refused the admin routes, an admin is not.
    expect((await call(p, 'GET', '/api/auth/users', { cookie: token })).status).toBe(403);
    const admin = await signIn(p, 'admin', 'admin-password-1');
    const users = await call(p, 'GET', '/api/auth/users?limit=10', { cookie: admin.token });
    expect(users.status).toBe(200);
    expect((users.body.items as { username: string }[]).map((u) => u.username)).toContain('usr');
    // A body goes through as sent, and the service's error comes back as it answered.
    const search = await call(p, 'POST', '/api/results/search', {
      cookie: token,
      headers: page,
      body: { filter: 'inputs.temperature >= ' },
    });
    expect(search.status).toBe(400);
    // The service's position (1-based) and caret, as it answered them.
    expect(search.body.details).toEqual(
      expect.objectContaining({ position: 23, pointer: `inputs.temperature >= \n${' '.repeat(22)}^` }),
    );
    expect((await call(p, 'GET', '/api/nowhere/x', { cookie: token })).status).toBe(404);
  });

  it("refuses changes without its pages' header or from another site (CSRF), and the session routes", async () => {
    const { token } = await signIn(p, 'usr');
    const body = { simulation_name: 'x' };
    const plain = await call(p, 'POST', '/api/results/search', { cookie: token, body });
    expect(plain.status).toBe(403);
    expect(plain.body.error).toMatch(/own pages/);
    const crossSite = await call(p, 'POST', '/api/results/search', {
      cookie: token,
      body,
      headers: { ...page, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const same = await call(p, 'POST', '/api/results/search', {
      cookie: token,
      body,
      headers: { ...page, 'sec-fetch-site': 'same-origin' },
    });
    expect(same.status).toBe(200);
    const login = await call(p, 'POST', '/console/session/login', {
      body: { username: 'usr', password: 'usr-password' },
    });
    expect(login.status).toBe(403);
    expect((await call(p, 'POST', '/console/session/logout', { cookie: token })).status).toBe(403);
    const forwarded = await call(p, 'POST', '/api/auth/session/login', {
      body: { username: 'usr', password: 'usr-password' },
      headers: page,
    });
    expect(forwarded.status).toBe(400);
    expect(forwarded.text).not.toMatch(/"token"/);
  });

  it('signs out by revoking the session at the auth service and clearing the cookie', async () => {
    const { token } = await signIn(p, 'usr');
    const out = await call(p, 'POST', '/console/session/logout', { cookie: token, headers: page });
    expect([out.status, out.body]).toEqual([200, { status: 'logged_out' }]);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
    // Revoked for every service, not only forgotten by this browser.
    const direct = await fetch(`${p.upstreams.auth}/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(direct.status).toBe(401);
    expect((await call(p, 'GET', '/console/session', { cookie: token })).status).toBe(401);
  });

  it('serves the built page with a policy that loads nothing from elsewhere, on any page path', async () => {
    for (const path of ['/', '/results', '/run/exec-1']) {
      const res = await call(p, 'GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.text).toMatch(/<div id="app">/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec((await call(p, 'GET', '/')).text)?.[1];
    const asset = await fetch(`${p.url}${script}`);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([
      200,
      expect.stringMatching(/immutable/),
    ]);
    expect((await call(p, 'GET', '/assets/none.js')).status).toBe(404);
    expect((await call(p, 'GET', '/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await call(p, 'GET', '/health')).body.status).toBe('healthy');
  });
});
