import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AUTH_DB, ExternalAccounts, LdapDirectory } from '@simvault/auth';
import {
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Logger,
  type LoginStrategy,
  type Role,
  type SimvaultConfig,
} from '@simvault/core';
import { InjectDataSource } from '@simvault/db';
import { SessionEntity, UserEntity } from '@simvault/entities';
import { DataSource } from 'typeorm';
import { OidcClient } from '../oidc/oidc.client';

/** What a directory or provider says now: still admitted (with this role), or no longer. */
export type Verdict = { role: Role; refresh?: string | null } | 'withdrawn';

const BATCH = 100;

/**
 * Asks the directory (LDAP) or provider (OIDC, by refreshing its token) again, every
 * SIMVAULT_PROVIDER_RECHECK_SECONDS, whether each of its people who holds a live session may
 * still sign in; one it no longer admits loses every session and token at once (the verifier
 * refuses them). A directory or provider that does not answer changes nothing.
 */
@Injectable()
export class ProviderRecheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource(AUTH_DB) private readonly dataSource: DataSource,
    private readonly accounts: ExternalAccounts,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
    @Optional() private readonly directory?: LdapDirectory,
    @Optional() private readonly oidc?: OidcClient,
  ) {}

  onApplicationBootstrap() {
    if (!this.directory && !this.oidc) return;
    // Twice per recheck period (at most every 30 s), so nobody waits much longer than the period.
    const period = Math.min(this.config.auth.providerRecheckSeconds * 500, 30_000);
    this.timer = setInterval(() => void this.recheckDue().catch(() => undefined), period);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  private verdict(provider: LoginStrategy, user: UserEntity): Promise<Verdict | undefined> {
    if (provider === 'ldap' && this.directory)
      return this.directory
        .lookup(user.externalId!)
        .then((person) => (person?.role ? { role: person.role } : 'withdrawn'));
    if (provider === 'oidc' && this.oidc) return this.oidc.recheck(user.providerRefresh);
    return Promise.resolve(undefined);
  }

  /** Checks the people due; answers how many were withdrawn. One run at a time per process. */
  recheckDue(now = new Date()): Promise<number> {
    this.running ??= this.run(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.auth.providerRecheckSeconds * 1000);
    const due = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where("u.provider <> 'local' AND u.active = :yes AND u.provider_active = :yes", { yes: true })
      .andWhere('(u.provider_checked_at IS NULL OR u.provider_checked_at < :before)', { before })
      .andWhere(
        (qb) =>
          `EXISTS ${qb
            .subQuery()
            .select('1')
            .from(SessionEntity, 's')
            .where('s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > :now')
            .getQuery()}`,
        { now },
      )
      .orderBy('u.provider_checked_at', 'ASC')
      .take(BATCH)
      .getMany();
    let withdrawn = 0;
    for (const user of due) {
      let verdict: Verdict | undefined;
      try {
        verdict = await this.verdict(user.provider, user);
      } catch (error) {
        this.logger.warn(
          { provider: user.provider, username: user.username, err: (error as Error).message },
          'could not recheck a user with their provider; they keep access until it answers',
        );
        continue;
      }
      if (verdict === 'withdrawn') {
        await this.accounts.withdraw(user.id, now);
        withdrawn++;
        this.logger.warn(
          { provider: user.provider, username: user.username, userId: user.id },
          'the provider no longer admits this user: their sessions and tokens are refused',
        );
      } else if (verdict) await this.accounts.confirm(user.id, verdict.role, verdict.refresh, now);
    }
    return withdrawn;
  }
}
