import { INestApplication, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { controllerRoutes } from './routes';

const RAW_BODY = 'simvault:raw-body';

/**
 * Marks a route whose handler reads the request body itself (uploads streamed to disk while they
 * are hashed): the apps' JSON parser leaves its body alone, whatever its Content-Type, so a JSON
 * file is uploaded byte for byte like any other.
 */
export const RawBody = (): MethodDecorator => SetMetadata(RAW_BODY, true);

interface Route {
  method: string;
  pattern: RegExp;
}

/** `/files/:id/content` (or `/api/:service/*path`) as a regular expression over the request path. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) =>
      p.startsWith(':') ? '[^/]+' : p.startsWith('*') ? '.+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^/${source}/?$`);
}

/** The routes marked @RawBody() in an app, found once its controllers are known. */
export class RawBodyRoutes {
  private routes: Route[] = [];

  /** Reads every controller of the app for @RawBody() handlers. */
  collect(app: INestApplication): void {
    this.routes = controllerRoutes(app)
      .filter((r) => Reflect.getMetadata(RAW_BODY, r.handler))
      .map((r) => ({ method: r.method, pattern: patternOf(r.path) }));
  }

  /** Whether the request goes to a @RawBody() route. */
  matches(req: Request): boolean {
    return this.routes.some(
      (r) => (r.method === req.method || r.method === 'ALL') && r.pattern.test(req.path),
    );
  }
}
