import { SetMetadata } from '@nestjs/common';
import type { Privilege } from '../config/privileges';

/**
 * What a route needs, declared on every route (or its controller): `public`, `session` (any valid
 * session), or a list of privileges. The guard in @simvault/auth refuses a route that declares
 * nothing, so forgetting is a 403 in tests, not an open door.
 */
export type Access =
  { kind: 'public' } | { kind: 'session' } | { kind: 'privileges'; privileges: Privilege[] };

export const ACCESS_METADATA = 'simvault:access';

export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies Access);
export const Authenticated = () => SetMetadata(ACCESS_METADATA, { kind: 'session' } satisfies Access);
export const Privileges = (...privileges: Privilege[]) =>
  SetMetadata(ACCESS_METADATA, { kind: 'privileges', privileges } satisfies Access);
