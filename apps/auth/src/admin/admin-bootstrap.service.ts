import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUTH_DB, PasswordHasher } from '@simvault/auth';
import { SIMVAULT_CONFIG, SIMVAULT_LOGGER, type Logger, type SimvaultConfig } from '@simvault/core';
import { InjectDataSource } from '@simvault/db';
import { UserEntity } from '@simvault/entities';
import { DataSource } from 'typeorm';

export interface AdminCredentials {
  username: string;
  /** Known only when it came from the environment or was generated (and its file still exists). */
  password?: string;
  passwordFile?: string;
  created: boolean;
}

/**
 * The first admin. No built-in password: SIMVAULT_ADMIN_PASSWORD, or a random one written to a
 * 0600 file in the data directory when the account is created (the log names the file; only
 * `simvault up` on a terminal shows the password itself).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  credentials: AdminCredentials | undefined;

  constructor(
    @InjectDataSource(AUTH_DB) private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    this.credentials = await this.ensureAdmin();
  }

  passwordFile() {
    return join(this.config.dataDir, 'admin-password');
  }

  async ensureAdmin(): Promise<AdminCredentials> {
    const { username, password: configured } = this.config.auth.admin;
    const users = this.dataSource.getRepository(UserEntity);
    const file = this.passwordFile();
    if ((await users.count()) > 0) {
      const remembered = !configured && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
      return {
        username,
        password: configured ?? remembered,
        passwordFile: remembered ? file : undefined,
        created: false,
      };
    }
    const password = configured ?? randomBytes(18).toString('base64url');
    const now = new Date();
    try {
      await users.insert({
        id: randomUUID(),
        username,
        email: null,
        passwordHash: await this.hasher.hash(password),
        role: 'admin',
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    } catch {
      // Another replica created it first.
      return { username, password: configured, created: false };
    }
    if (configured) {
      this.logger.info({ username }, 'created the first admin with SIMVAULT_ADMIN_PASSWORD');
      return { username, password, created: true };
    }
    mkdirSync(this.config.dataDir, { recursive: true });
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    // Logs end up in `docker compose logs` and log collectors: they name the file, never the password.
    this.logger.warn(
      { username, passwordFile: file },
      `created the first admin "${username}"; the generated password is in ${file} (mode 0600)`,
    );
    return { username, password, passwordFile: file, created: true };
  }
}
