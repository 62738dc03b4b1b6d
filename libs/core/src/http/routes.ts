import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

export interface ControllerRoute {
  /** GET, POST, … (ALL for @All()). */
  method: string;
  /** `/files/:id/content`: the controller's path and the handler's, joined. */
  path: string;
  handler: (...args: unknown[]) => unknown;
  controller: abstract new (...args: never[]) => unknown;
}

const asList = (path: unknown): string[] => (Array.isArray(path) ? path.map(String) : [String(path ?? '')]);

/** Every HTTP route of an app's controllers, read from their decorators (the app must be initialised). */
export function controllerRoutes(app: INestApplication): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as ControllerRoute['controller'] | null;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? '?';
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const path of asList(own)) {
            const joined = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
            routes.push({ method, path: joined, handler: handler as ControllerRoute['handler'], controller });
          }
        }
      }
    }
  }
  return routes;
}
