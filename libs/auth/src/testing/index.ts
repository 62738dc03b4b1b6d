import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA, type Access } from '@simvault/core';

const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

export interface RouteAccess {
  route: string;
  access: Access | undefined;
}

/** Every HTTP route of an app with the access rule it declares (undefined when it declares none). */
export function routeAccess(app: INestApplication): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!controller?.prototype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name as keyof object] as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        if (path === undefined) continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? '?';
        const access = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, controller)) as Access | undefined;
        routes.push({
          route: `${method} /${[base, String(path)].filter((p) => p && p !== '/').join('/')}`.replace(
            /\/+/g,
            '/',
          ),
          access,
        });
      }
    }
  }
  return routes;
}
