import type { INestApplication } from '@nestjs/common';
import { routeAccess } from '@simvault/auth/testing';
import request from 'supertest';
import type { Who } from './index';

/**
 * Everyone an access matrix calls a route as: the test platform's sessions (see `Who`) and a call
 * with no token at all.
 */
export const CALLERS = [
  'none',
  'anonymous',
  'readonly',
  'noread',
  'runner',
  'user',
  'other',
  'developer',
  'admin',
  'revoked',
  'forged',
] as const satisfies readonly (Who | 'none')[];
export type Caller = (typeof CALLERS)[number];

/** The callers that are a person's login session (not a token, not anonymous). */
export const LOGIN_CALLERS: Caller[] = ['user', 'other', 'developer', 'admin'];
/** The platform user's API tokens. */
export const TOKEN_CALLERS: Caller[] = ['readonly', 'noread', 'runner'];
/**
 * Who holds `read` on a test platform: the user's read-only token, the anonymous session (the
 * platform grants it read and write) and every login.
 */
export const READERS: Caller[] = ['anonymous', 'readonly', ...LOGIN_CALLERS];
/** Who holds `write` on a test platform (its `noread` token holds `execute` unless asked otherwise). */
export const WRITERS: Caller[] = ['anonymous', ...LOGIN_CALLERS];

/** A credential for one call, and the user it belongs to (for bodies that name them). */
export interface Credential {
  token?: string;
  username?: string;
}

/** What an access matrix needs of a platform (TestPlatform has it). */
export interface MatrixPlatform {
  tokens: Record<Who, string>;
  /**
   * A new credential of the caller's kind held by a new user of the same role (an anonymous
   * session, a token with the same privileges), for routes whose call spends or changes the
   * caller's own session or account.
   */
  fresh(who: Who): Promise<Credential>;
}

export interface AccessCase {
  /** `METHOD /path/:param`, as routeAccess lists it: `DELETE /tokens/:id`, `GET /cache/*key`. */
  route: string;
  /** A query string to add, without `?` (or one made from setup's values). */
  query?: string | ((params: Record<string, string>) => string);
  /**
   * Makes what one call acts on, anew for each caller (a token to revoke, a user to delete); the
   * values fill the route's `:params` and are handed to `body`.
   */
  setup?: (caller: Caller) => Promise<Record<string, string>>;
  /** JSON, or a Buffer (sent as it is, for routes that read raw bodies). */
  body?: object | ((params: Record<string, string>, caller: Credential) => object);
  /** Request headers to add (a Content-Type for a raw body). */
  headers?: Record<string, string>;
  /** The call spends or changes the caller's own session or account: each caller gets a fresh one. */
  fresh?: boolean;
  /** The status every caller gets. */
  expect: Record<Caller, number>;
}

/**
 * Expected statuses: `allowed` callers get `ok`, the other sessions `refused` (403 by default),
 * and no token, a revoked one or a forged one 401; `overrides` has the last word.
 */
export function statuses(
  ok: number,
  allowed: Caller[],
  overrides: Partial<Record<Caller, number>> = {},
  refused = 403,
): Record<Caller, number> {
  const unauthenticated: Caller[] = ['none', 'revoked', 'forged'];
  return Object.fromEntries(
    CALLERS.map((c) => [
      c,
      overrides[c] ?? (unauthenticated.includes(c) ? 401 : allowed.includes(c) ? ok : refused),
    ]),
  ) as Record<Caller, number>;
}

/** A public route: every caller, whatever token it sends, gets `ok`. */
export function everyone(ok: number): Record<Caller, number> {
  return Object.fromEntries(CALLERS.map((c) => [c, ok])) as Record<Caller, number>;
}

/**
 * Calls every case as every caller and answers what differs from the expectation, one line each
 * (`DELETE /tokens/:id as readonly: 200, expected 403 …`): empty when the matrix holds.
 */
export async function accessMatrix(
  app: INestApplication,
  platform: MatrixPlatform,
  cases: AccessCase[],
): Promise<string[]> {
  const mismatches: string[] = [];
  for (const c of cases) {
    const [method, template] = c.route.split(' ');
    for (const caller of CALLERS) {
      const params = (await c.setup?.(caller)) ?? {};
      const credential: Credential =
        caller === 'none' ? {} : c.fresh ? await platform.fresh(caller) : { token: platform.tokens[caller] };
      // `:name` is one path segment; `*name` (a wildcard, as in `GET /cache/*key`) keeps its slashes.
      const path = template.replace(/([:*])(\w+)/g, (_m, kind: string, name: string) => {
        if (!(name in params)) throw new Error(`${c.route}: setup gave no value for ${kind}${name}`);
        return kind === '*'
          ? params[name].split('/').map(encodeURIComponent).join('/')
          : encodeURIComponent(params[name]);
      });
      const query = typeof c.query === 'function' ? c.query(params) : c.query;
      let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](
        query ? `${path}?${query}` : path,
      );
      if (credential.token) call = call.set('Authorization', `Bearer ${credential.token}`);
      for (const [name, value] of Object.entries(c.headers ?? {})) call = call.set(name, value);
      const body = typeof c.body === 'function' ? c.body(params, credential) : c.body;
      const res = await (body ? call.send(body) : call);
      if (res.status !== c.expect[caller]) {
        mismatches.push(
          `${c.route} as ${caller}: ${res.status}, expected ${c.expect[caller]} ${JSON.stringify(res.body)}`,
        );
      }
    }
  }
  return mismatches;
}

/** Every session kind a caller can hold (anonymous, the user's tokens, the logins). */
const EVERY_SESSION: Caller[] = ['anonymous', ...TOKEN_CALLERS, ...LOGIN_CALLERS];

/**
 * The cases of the routes every app mounts (health, `/session/*`), for every app's matrix. Logins
 * are `oth`'s, whose password the platform sets.
 */
export function commonCases(): AccessCase[] {
  return [
    { route: 'GET /health', expect: everyone(200) },
    { route: 'GET /health/live', expect: everyone(200) },
    {
      route: 'POST /session/login',
      body: { username: 'oth', password: 'oth-password' },
      expect: everyone(200),
    },
    { route: 'POST /session/anonymous', body: {}, expect: everyone(200) },
    { route: 'GET /session', expect: statuses(200, EVERY_SESSION) },
    // Only a login session is refreshed; a token or an anonymous session is told so.
    { route: 'POST /session/refresh', expect: statuses(200, LOGIN_CALLERS, {}, 400) },
    { route: 'POST /session/logout', fresh: true, expect: statuses(200, EVERY_SESSION) },
  ];
}

/** The app's routes no case calls (sorted): a matrix covers every route. */
export function untested(app: INestApplication, cases: AccessCase[]): string[] {
  const covered = new Set(cases.map((c) => c.route));
  return routeAccess(app)
    .map((r) => r.route)
    .filter((route) => !covered.has(route))
    .sort();
}
