import { Inject, Injectable } from '@nestjs/common';
import {
  ExternalAccounts,
  LoginRateLimiter,
  SessionRepository,
  SessionService,
  TokenSigner,
  type ClientInfo,
  type LoginResponse,
} from '@simvault/auth';
import {
  badRequest,
  ROLE_PRIVILEGES,
  SIMVAULT_CONFIG,
  unauthorized,
  type SimvaultConfig,
} from '@simvault/core';
import type { UserEntity } from '@simvault/entities';
import { FlowTokens, s256 } from './flow-tokens';
import type { ClientReturn } from './oidc.strategy';
import { OidcClient } from './oidc.client';
import type { OidcDeviceResponse } from './oidc.dto';

/** The login limit's key for OpenID Connect attempts (no username has a colon). */
export const OIDC_LIMIT_KEY = 'oidc:';
const GRANT_SECONDS = 120;
const INTERVAL_SECONDS = 5;

export type DeviceAnswer = LoginResponse | { status: 'pending' | 'slow_down'; interval: number };

/**
 * The parts of an OpenID Connect login past the provider: the one-time grant a client that
 * started a browser login exchanges with its PKCE verifier, and the device flow's polls. Every
 * path ends in SessionService.signIn: the same session token as any other login.
 */
@Injectable()
export class OidcLogins {
  private readonly tokens: FlowTokens;

  constructor(
    private readonly client: OidcClient,
    private readonly accounts: ExternalAccounts,
    private readonly sessions: SessionService,
    private readonly repository: SessionRepository,
    private readonly signer: TokenSigner,
    private readonly limiter: LoginRateLimiter,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
  ) {
    this.tokens = new FlowTokens(config.auth.jwtSecret);
  }

  /** Where the browser goes after the callback: the client's address with a grant, or nowhere. */
  async finish(user: UserEntity, back: ClientReturn, client: ClientInfo): Promise<LoginResponse | string> {
    const login = await this.sessions.signIn(user, client);
    if (!back.redirectUri || !back.codeChallenge) return login;
    const code = this.tokens.sign('oidc-grant', { s: login.id, c: back.codeChallenge }, GRANT_SECONDS);
    const url = new URL(back.redirectUri);
    url.searchParams.set('code', code);
    if (back.state !== undefined) url.searchParams.set('state', back.state);
    return url.toString();
  }

  /** The session a grant names, for the holder of the verifier; every failure counts against the limit. */
  async exchange(code: string, verifier: string, client: ClientInfo): Promise<LoginResponse> {
    await this.limiter.reserve(client.address, OIDC_LIMIT_KEY);
    const grant = this.tokens.verify('oidc-grant', code);
    const row = grant && grant.c === s256(verifier) ? await this.repository.findWithUser(grant.s) : null;
    if (!row || !row.user?.active || row.session.revokedAt || row.session.expiresAt <= new Date())
      throw unauthorized('The code is not valid for this verifier, or has expired; log in again.');
    await this.limiter.succeed(client.address, OIDC_LIMIT_KEY);
    const { session, user } = row;
    const token = this.signer.sign(session.id, user.id, session.expiresAt);
    return {
      token,
      session_id: token,
      id: session.id,
      expires_at: session.expiresAt.toISOString(),
      username: user.username,
      role: user.role,
      privileges: [...ROLE_PRIVILEGES[user.role]],
    };
  }

  async startDevice(): Promise<OidcDeviceResponse> {
    const started = await this.client.deviceAuthorization();
    return {
      device_code: this.tokens.sign('oidc-device', { d: started.deviceCode }, started.expiresIn),
      user_code: started.userCode,
      verification_uri: started.verificationUri,
      verification_uri_complete: started.verificationUriComplete ?? null,
      expires_in: started.expiresIn,
      interval: INTERVAL_SECONDS,
    };
  }

  async pollDevice(deviceCode: string, client: ClientInfo): Promise<DeviceAnswer> {
    const wrapped = this.tokens.verify('oidc-device', deviceCode);
    if (!wrapped) {
      // Only made-up codes count: a genuine one is polled every few seconds until approved.
      await this.limiter.reserve(client.address, OIDC_LIMIT_KEY);
      throw unauthorized('This device_code was not issued here, or has expired; start again.');
    }
    const outcome = await this.client.pollDevice(wrapped.d);
    if (outcome === 'pending') return { status: 'pending', interval: INTERVAL_SECONDS };
    if (outcome === 'slow_down') return { status: 'slow_down', interval: INTERVAL_SECONDS * 2 };
    if (outcome === 'expired') throw badRequest('The device code has expired; start again.');
    if (outcome === 'denied') throw unauthorized('The login was refused at the provider.');
    const user = await this.accounts.signIn('oidc', await this.client.personOf(outcome));
    if (!user) throw unauthorized('The provider signed you in, but this server does not admit you.');
    return this.sessions.signIn(user, client);
  }
}
