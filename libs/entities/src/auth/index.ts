import { UserEntity } from './user.entity';
import { SessionEntity } from './session.entity';
import { AuthInitial1763700000000 } from './migrations/1763700000000-auth-initial';

export { UserEntity, SessionEntity };
export type { SessionKind } from './session.entity';

/** The auth bounded context: its tables and the migrations that build them. */
export const AUTH_ENTITIES = [UserEntity, SessionEntity];
export const AUTH_MIGRATIONS = [AuthInitial1763700000000];
export const AUTH_MIGRATIONS_TABLE = 'migrations_auth';

export const AUTH_SCHEMA = {
  entities: AUTH_ENTITIES,
  migrations: AUTH_MIGRATIONS,
  migrationsTableName: AUTH_MIGRATIONS_TABLE,
};
