/** The privilege vocabulary every service checks, and the roles built from it (docs/architecture.md, Sessions and roles). */
export const PRIVILEGES = [
  'read',
  'write',
  'execute',
  'run',
  'catalog_update',
  'cache_invalidate',
  'admin',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export const ROLES = ['user', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const USER: Privilege[] = ['read', 'write', 'execute', 'run'];
const DEVELOPER: Privilege[] = [...USER, 'catalog_update', 'cache_invalidate'];

export const ROLE_PRIVILEGES: Record<Role, readonly Privilege[]> = {
  user: USER,
  developer: DEVELOPER,
  admin: [...PRIVILEGES],
};

export function isPrivilege(value: unknown): value is Privilege {
  return typeof value === 'string' && (PRIVILEGES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** `admin` satisfies every check, as in sim2l. */
export function hasPrivileges(held: readonly Privilege[], required: readonly Privilege[]): boolean {
  if (held.includes('admin')) return true;
  return required.every((p) => held.includes(p));
}
