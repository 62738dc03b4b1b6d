import { hasPrivileges, ROLE_PRIVILEGES } from './privileges';

describe('roles and privileges', () => {
  it('builds developer on user and admin on everything', () => {
    expect(ROLE_PRIVILEGES.user).toEqual(['read', 'write', 'execute', 'run']);
    expect(ROLE_PRIVILEGES.developer).toEqual([
      'read',
      'write',
      'execute',
      'run',
      'catalog_update',
      'cache_invalidate',
      'results_curate',
    ]);
    expect(ROLE_PRIVILEGES.admin).toEqual([
      'read',
      'write',
      'execute',
      'run',
      'catalog_update',
      'cache_invalidate',
      'results_curate',
      'admin',
    ]);
  });

  it('lets admin satisfy every check and needs every listed privilege otherwise', () => {
    expect(hasPrivileges(['admin'], ['cache_invalidate'])).toBe(true);
    expect(hasPrivileges(['read', 'write'], ['read', 'write'])).toBe(true);
    expect(hasPrivileges(['read'], ['read', 'write'])).toBe(false);
  });
});
