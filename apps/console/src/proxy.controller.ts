import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import {
  badRequest,
  notFound,
  Public,
  RawBody,
  SERVICES,
  SIMVAULT_CONFIG,
  type ServiceName,
  type SimvaultConfig,
} from '@simvault/core';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requireSameOrigin, sessionToken, unreachable, upstreamUrl } from './upstream';

/** Request headers passed on to a service (never the cookie: the session goes as a bearer token). */
const REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'if-none-match', 'range'];
/** Answer headers passed back to the browser. */
const ANSWER_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'cache-control',
  'x-total-count',
  'x-export-files',
  'x-export-skipped',
  'accept-ranges',
  'content-range',
];

/**
 * `/api/<service>/<path>` is `<path>` on that service, called with the signed-in user's session:
 * the console's pages talk to every service on their own origin, and each service decides what the
 * session may do, as it does for any client. The session routes are not forwarded: signing in and
 * out goes through /console/session, which keeps the token out of the page's reach.
 */
@Controller('api')
export class ProxyController {
  constructor(@Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig) {}

  // Public here: the service behind it checks the session for each of its routes.
  @All(':service/*path')
  @Public()
  @RawBody()
  @ApiExcludeEndpoint()
  async forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    const service = req.params.service as string;
    if (!(SERVICES as readonly string[]).includes(service))
      throw notFound(`No service is called "${service}"; the console knows ${SERVICES.join(', ')}.`);
    const path = req.originalUrl.slice(`/api/${service}`.length);
    if (/^\/session(\/|\?|$)/.test(path))
      throw badRequest('Sign in and out through /console/session; the session routes are not forwarded.');
    requireSameOrigin(req);
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const token = sessionToken(req);
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (req.ip) headers['x-forwarded-for'] = req.ip;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    let answer: globalThis.Response;
    try {
      answer = await fetch(upstreamUrl(this.config, service as ServiceName, path), {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        redirect: 'manual',
        ...(hasBody ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw unreachable(service as ServiceName, error);
    }
    res.status(answer.status);
    // fetch has already decoded a compressed body, so its length is no longer the one announced.
    const decoded = answer.headers.has('content-encoding');
    for (const name of ANSWER_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null && !(decoded && name === 'content-length')) res.setHeader(name, value);
    }
    // An answer opened on its own (an HTML artifact, say) runs nothing on the console's origin.
    res.setHeader(
      'Content-Security-Policy',
      "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!answer.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), res).catch(() =>
      res.destroy(),
    );
  }
}
