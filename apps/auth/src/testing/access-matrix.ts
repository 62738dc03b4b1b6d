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
  /** `METHOD /path/:param`, as routeAccess lists it: `DELETE /tokens/:id`. */
  route: string;
  /** A query string to add, without `?`. */
  query?: string;
  /**
   * Makes what one call acts on, anew for each caller (a token to revoke, a user to delete); the
   * values fill the route's `:params` and are handed to `body`.
   */
  setup?: (caller: Caller) => Promise<Record<string, string>>;
  body?: object | ((params: Record<string, string>, caller: Credential) => object);
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
      const path = template.replace(/:(\w+)/g, (_m, name: string) => {
        if (!(name in params)) throw new Error(`${c.route}: setup gave no value for :${name}`);
        return encodeURIComponent(params[name]);
      });
      let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](
        c.query ? `${path}?${c.query}` : path,
      );
      if (credential.token) call = call.set('Authorization', `Bearer ${credential.token}`);
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

/** The app's routes no case calls (sorted): a matrix covers every route. */
export function untested(app: INestApplication, cases: AccessCase[]): string[] {
  const covered = new Set(cases.map((c) => c.route));
  return routeAccess(app)
    .map((r) => r.route)
    .filter((route) => !covered.has(route))
    .sort();
}
