import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const prefix = randomBytes(4).toString('hex');
let counter = 0;

export type RequestWithId = Request & { id?: string };

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a cheap counter),
 * echoes it in the response, and logs one line per request when it finishes. Deliberately a
 * plain function, not a Nest interceptor: it is on every route, including the hot ones.
 */
export function requestLogger(logger: Logger) {
  const logRequests = logger.isLevelEnabled('info');
  return (req: RequestWithId, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const id =
      typeof given === 'string' && ACCEPTED_ID.test(given) ? given : `${prefix}-${(++counter).toString(36)}`;
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (logRequests) {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        logger.info(
          {
            reqId: id,
            method: req.method,
            url: req.originalUrl,
            status: res.statusCode,
            ms: Math.round(ms * 100) / 100,
          },
          'request',
        );
      });
    }
    next();
  };
}
