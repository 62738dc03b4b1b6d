import type { INestApplication } from '@nestjs/common';
import { ACCESS_METADATA, controllerRoutes, type Access } from '@simvault/core';

export interface RouteAccess {
  route: string;
  access: Access | undefined;
}

/** Every HTTP route of an app with the access rule it declares (undefined when it declares none). */
export function routeAccess(app: INestApplication): RouteAccess[] {
  return controllerRoutes(app).map(({ method, path, handler, controller }) => ({
    route: `${method} ${path}`,
    access: (Reflect.getMetadata(ACCESS_METADATA, handler) ??
      Reflect.getMetadata(ACCESS_METADATA, controller)) as Access | undefined,
  }));
}

/** The routes every app opens to everyone: health, login and anonymous sessions. */
export const PUBLIC_ROUTES = [
  'GET /health',
  'GET /health/live',
  'POST /session/anonymous',
  'POST /session/login',
];

/** An app's routes that declare no access rule, and those it opens to everyone (sorted). */
export function accessGaps(app: INestApplication): { undeclared: string[]; public: string[] } {
  const routes = routeAccess(app);
  return {
    undeclared: routes.filter((r) => !r.access).map((r) => r.route),
    public: routes
      .filter((r) => r.access?.kind === 'public')
      .map((r) => r.route)
      .sort(),
  };
}
