import { ApiError, forbidden, type ServiceName, type SimvaultConfig } from '@simvault/core';
import type { Request } from 'express';

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = 'simvault_session';

/**
 * The header the console's own pages send with every request that changes something. A page on
 * another origin cannot add it without a CORS preflight, which the console never grants.
 */
export const CSRF_HEADER = 'x-simvault-console';

/** The session token the browser's cookie holds, if any. */
export function sessionToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : decodeURIComponent(value);
    }
  }
  return undefined;
}

/** The Set-Cookie value that holds (or, with no token, clears) the session. */
export function sessionCookie(config: SimvaultConfig, token: string | null, maxAgeSeconds = 0): string {
  const parts = [
    `${SESSION_COOKIE}=${token === null ? '' : encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token === null ? 0 : Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (config.console.secureCookie) parts.push('Secure');
  return parts.join('; ');
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request that changes something unless it comes from the console's own pages: it must
 * carry the console's header, and a browser that says where it comes from must say same-origin.
 */
export function requireSameOrigin(req: Request): void {
  if (SAFE.has(req.method)) return;
  if (req.headers[CSRF_HEADER] !== '1')
    throw forbidden(
      `A request that changes something must come from the console's own pages (the ${CSRF_HEADER} header is missing).`,
    );
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    throw forbidden('The console accepts changes only from its own pages, not from another site.');
}

/** A service's URL for a path (and query string) of its API. */
export function upstreamUrl(config: SimvaultConfig, service: ServiceName, pathAndQuery: string): string {
  return `${config.console.upstreams[service]}${pathAndQuery}`;
}

/** What a failed connection to a service becomes: a 502 that names the service. */
export function unreachable(service: ServiceName, error: unknown): ApiError {
  const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
  return new ApiError(
    502,
    `The console could not reach the ${service} service${reason ? ` (${reason})` : ''}.`,
  );
}
