import { UserEntity } from './user.entity';
import { SessionEntity } from './session.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuthInitial1763700000000 } from './migrations/1763700000000-auth-initial';
import { LoginAttempts1795900000000 } from './migrations/1795900000000-login-attempts';
import { ExternalIdentities1795900000001 } from './migrations/1795900000001-external-identities';
import { AuditLog1796000000000 } from './migrations/1796000000000-audit-log';

export { UserEntity, SessionEntity, LoginAttemptEntity, AuditEntryEntity };
export type { SessionKind } from './session.entity';

/** The auth bounded context: its tables and the migrations that build them. */
export const AUTH_ENTITIES = [UserEntity, SessionEntity, LoginAttemptEntity, AuditEntryEntity];
export const AUTH_MIGRATIONS = [
  AuthInitial1763700000000,
  LoginAttempts1795900000000,
  ExternalIdentities1795900000001,
  AuditLog1796000000000,
];
export const AUTH_MIGRATIONS_TABLE = 'migrations_auth';

export const AUTH_SCHEMA = {
  entities: AUTH_ENTITIES,
  migrations: AUTH_MIGRATIONS,
  migrationsTableName: AUTH_MIGRATIONS_TABLE,
};
