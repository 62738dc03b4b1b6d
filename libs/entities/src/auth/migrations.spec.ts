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
      const audit = await runner.getTable('audit_log');
      expect(audit?.indices.map((i) => i.name)).toEqual(['idx_audit_log_created_at']);
      const users = await runner.getTable('users');
      expect(users?.indices.map((i) => i.name).sort()).toEqual([
        'idx_users_provider_checked_at',
        'idx_users_provider_external_id',
      ]);
      expect(await migrate(ds)).toEqual([]);
      for (let i = 0; i < AUTH_MIGRATIONS.length; i++) await ds.undoLastMigration();
      expect(await runner.hasTable('login_attempts')).toBe(false);
      expect(await runner.hasTable('audit_log')).toBe(false);
      expect(await runner.hasTable('users')).toBe(false);
      await runner.release();
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});

describe.each(TEST_BACKENDS)('the external-identity migration on %s', (backend) => {
  it('keeps every user and session already stored', async () => {
    const db = await createTestDatabase(backend, 'migrations_keep');
    const options = {
      url: db.url,
      entities: [],
      migrationsTableName: AUTH_MIGRATIONS_TABLE,
      runMigrations: true,
    };
    const before = await openDatabase({ ...options, migrations: AUTH_MIGRATIONS.slice(0, 2) });
    const now = new Date();
    await before.query(
      `INSERT INTO users (id, username, email, password_hash, role, active, created_at, updated_at)
       VALUES ('u1', 'kept', NULL, 'hash', 'user', ${backend === 'postgres' ? 'true' : '1'}, $1, $1)`.replace(
        /\$1/g,
        backend === 'postgres' ? '$1' : '?',
      ),
      backend === 'postgres' ? [now] : [now.toISOString(), now.toISOString()],
    );
    await before.query(
      `INSERT INTO sessions (id, user_id, kind, created_at, expires_at) VALUES ('s1', 'u1', 'login', ${
        backend === 'postgres' ? '$1, $1' : '?, ?'
      })`,
      backend === 'postgres' ? [now] : [now.toISOString(), now.toISOString()],
    );
    await before.destroy();
    const after = await openDatabase({ ...options, migrations: AUTH_MIGRATIONS });
    try {
      expect(await after.query(`SELECT username, provider, provider_active FROM users`)).toEqual([
        { username: 'kept', provider: 'local', provider_active: backend === 'postgres' ? true : 1 },
      ]);
      expect(await after.query(`SELECT id FROM sessions`)).toEqual([{ id: 's1' }]);
    } finally {
      await after.destroy();
      await db.drop();
    }
  });
});
