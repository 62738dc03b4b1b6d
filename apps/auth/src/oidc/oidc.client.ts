import { Inject, Injectable } from '@nestjs/common';
import { roleFor, type ExternalPerson } from '@simvault/auth';
import { ApiError, SIMVAULT_CONFIG, type OidcSettings, type SimvaultConfig } from '@simvault/core';
import { custom, errors, Issuer, type BaseClient, type TokenSet } from 'openid-client';
import type { Verdict } from '../providers/provider-recheck.service';
import { SecretBox } from './secret-box';

custom.setHttpOptionsDefaults({ timeout: 10_000 });

/** openid-client's own ID token check (untyped in its declarations), as its device-flow poll uses it. */
interface IdTokenCheck {
  validateIdToken(tokens: TokenSet, nonce: undefined, returnedBy: 'token'): Promise<unknown>;
}

/** The outcome of one device-flow poll. */
export type DevicePoll = TokenSet | 'pending' | 'slow_down' | 'denied' | 'expired';

const unavailable = () =>
  new ApiError(503, 'The OpenID Connect provider did not answer as expected; try again later.');

/**
 * Simvault as a relying party of the configured OpenID Connect provider (openid-client):
 * discovery on first use, the authorization-code flow with PKCE, the device flow, and token
 * refresh to learn whether the provider still admits someone.
 */
@Injectable()
export class OidcClient {
  readonly settings: OidcSettings;
  private readonly refreshBox: SecretBox;
  private client?: Promise<BaseClient>;

  constructor(@Inject(SIMVAULT_CONFIG) config: SimvaultConfig) {
    this.settings = config.auth.oidc!;
    this.refreshBox = new SecretBox(config.auth.jwtSecret, 'oidc-refresh-token');
  }

  /** The provider's client, discovered once (again after a failure: the provider may start later). */
  async get(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.settings.issuer).then(
      (issuer) =>
        new issuer.Client({
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
          redirect_uris: [this.settings.redirectUrl],
          response_types: ['code'],
          token_endpoint_auth_method: this.settings.clientSecret ? 'client_secret_basic' : 'none',
        }),
    );
    try {
      return await this.client;
    } catch {
      this.client = undefined;
      throw unavailable();
    }
  }

  async authorizationUrl(checks: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    return (await this.get()).authorizationUrl({
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: checks.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  /** The provider's answer at the callback, its ID token checked (signature, issuer, audience, nonce). */
  async callback(
    params: Record<string, unknown>,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<TokenSet | null> {
    const client = await this.get();
    try {
      return await client.callback(this.settings.redirectUrl, params, {
        state: checks.state,
        nonce: checks.nonce,
        code_verifier: checks.codeVerifier,
      });
    } catch (error) {
      if (error instanceof errors.OPError || error instanceof errors.RPError) return null;
      throw unavailable();
    }
  }

  async deviceAuthorization() {
    const client = await this.get();
    try {
      const handle = await client.deviceAuthorization({ scope: this.settings.scopes });
      return {
        deviceCode: handle.device_code,
        userCode: handle.user_code,
        verificationUri: handle.verification_uri,
        verificationUriComplete: handle.verification_uri_complete,
        expiresIn: handle.expires_in,
      };
    } catch (error) {
      if (error instanceof errors.OPError)
        throw new ApiError(400, `The provider refused the device login: ${error.error}.`);
      throw unavailable();
    }
  }

  async pollDevice(deviceCode: string): Promise<DevicePoll> {
    const client = await this.get();
    let tokens: TokenSet;
    try {
      tokens = await client.grant({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: deviceCode,
      });
    } catch (error) {
      if (!(error instanceof errors.OPError)) throw unavailable();
      if (error.error === 'authorization_pending') return 'pending';
      if (error.error === 'slow_down') return 'slow_down';
      if (error.error === 'expired_token') return 'expired';
      return 'denied';
    }
    // As openid-client's own device-flow poll does: the ID token is checked like any other.
    if (tokens.id_token)
      await (client as unknown as IdTokenCheck).validateIdToken(tokens, undefined, 'token');
    return tokens;
  }

  /** Who the tokens name: the ID token's claims with the provider's userinfo over them. */
  async personOf(tokens: TokenSet): Promise<ExternalPerson> {
    const client = await this.get();
    const claims: Record<string, unknown> = tokens.id_token ? { ...tokens.claims() } : {};
    if (tokens.access_token) {
      try {
        Object.assign(claims, await client.userinfo(tokens.access_token));
      } catch {
        // Claims of the ID token are enough when the provider has no userinfo to add.
      }
    }
    const s = this.settings;
    const values = claims[s.rolesClaim];
    const name = claims[s.usernameClaim] ?? claims.email ?? claims.sub;
    return {
      externalId: String(claims.sub),
      username: String(name),
      email: typeof claims.email === 'string' ? claims.email : null,
      role: roleFor(
        Array.isArray(values) ? values.map(String) : typeof values === 'string' ? [values] : [],
        s,
      ),
      refresh: tokens.refresh_token ? this.refreshBox.seal(tokens.refresh_token) : null,
    };
  }

  /**
   * Refreshes the stored token: the provider refusing it (invalid_grant) withdraws the person;
   * without a refresh token (none issued) there is nothing to ask.
   */
  async recheck(sealed: string | null): Promise<Verdict | undefined> {
    const refreshToken = sealed ? this.refreshBox.open(sealed) : undefined;
    if (!refreshToken) return undefined;
    const client = await this.get();
    let tokens: TokenSet;
    try {
      tokens = await client.refresh(refreshToken);
    } catch (error) {
      if (error instanceof errors.OPError && error.error === 'invalid_grant') return 'withdrawn';
      throw error;
    }
    const person = await this.personOf(tokens);
    if (!person.role) return 'withdrawn';
    return { role: person.role, refresh: person.refresh ?? sealed };
  }
}
