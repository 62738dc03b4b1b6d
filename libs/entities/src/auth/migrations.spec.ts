import { migrate, openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { AUTH_ENTITIES, AUTH_MIGRATIONS, AUTH_MIGRATIONS_TABLE } from './index';

describe.each(TEST_BACKENDS)('auth migrations on %s', (backend) => {
  it('build the schema once, are idempotent, and revert cleanly', async () => {
    const db = await createTestDatabase(backend, 'migrations');
    const ds = await openDatabase({
      url: db.url,
      entities: AUTH_ENTITIES,
      migrations: AUTH_MIGRATIONS,
      migrationsTableName: AUTH_MIGRATIONS_TABLE,
      runMigrations: true,
    });
    try {
      const runner = ds.createQueryRunner();
      expect(await runner.hasTable('users')).toBe(true);
      const sessions = await runner.getTable('sessions');
      expect(sessions?.indices.map((i) => i.name).sort()).toEqual([
        'idx_sessions_created_at',
        'idx_sessions_expires_at',
        'idx_sessions_user_kind',
      ]);
      expect(sessions?.foreignKeys[0].onDelete).toBe('CASCADE');
      const attempts = await runner.getTable('login_attempts');
      expect(attempts?.indices.map((i) => i.name)).toEqual(['idx_login_attempts_last_at']);
      expect(await migrate(ds)).toEqual([]);
      for (let i = 0; i < AUTH_MIGRATIONS.length; i++) await ds.undoLastMigration();
      expect(await runner.hasTable('login_attempts')).toBe(false);
      expect(await runner.hasTable('users')).toBe(false);
      await runner.release();
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
