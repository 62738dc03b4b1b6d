import { INestApplication, RequestMethod, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { Request } from 'express';

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

const asList = (path: unknown): string[] =>
  Array.isArray(path) ? path.map(String) : [typeof path === 'string' ? path : ''];

/** `files/:id/content` as a regular expression over the request path. */
function patternOf(path: string): RegExp {
  const parts = path.split('/').filter((p) => p !== '');
  const source = parts
    .map((p) => (p.startsWith(':') ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^/${source}/?$`);
}

/** The routes marked @RawBody() in an app, found once its controllers are known. */
export class RawBodyRoutes {
  private routes: Route[] = [];

  /** Reads every controller of the app for @RawBody() handlers. */
  collect(app: INestApplication): void {
    const routes: Route[] = [];
    for (const module of app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as { prototype?: object } | null;
        if (!controller?.prototype) continue;
        const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
        const prototype = controller.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value;
          if (typeof handler !== 'function' || !Reflect.getMetadata(RAW_BODY, handler)) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
          for (const prefix of prefixes) {
            for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
              routes.push({ method, pattern: patternOf(`${prefix}/${path}`) });
            }
          }
        }
      }
    }
    this.routes = routes;
  }

  /** Whether the request goes to a @RawBody() route. */
  matches(req: Request): boolean {
    return this.routes.some(
      (r) => (r.method === req.method || r.method === 'ALL') && r.pattern.test(req.path),
    );
  }
}
