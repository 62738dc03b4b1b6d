import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExternalAccounts, type ExternalPerson } from '@simvault/auth';
import { badRequest, SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import type { UserEntity } from '@simvault/entities';
import type { Request } from 'express';
import { Strategy } from 'passport';
import { FlowTokens, s256 } from './flow-tokens';
import { OidcClient } from './oidc.client';

export const FLOW_COOKIE = 'simvault_oidc_flow';
const FLOW_SECONDS = 600;

/** Where a finished browser login goes next, and what binds it to the one who started it. */
export interface ClientReturn {
  redirectUri?: string;
  state?: string;
  codeChallenge?: string;
}

type Verify = (person: ExternalPerson, done: (error: unknown, user?: UserEntity | false) => void) => void;

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

/** A loopback address (RFC 8252: a CLI's own listener) or one of the configured return URLs. */
export function allowedReturn(uri: string, configured: string[]): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return true;
  return configured.some((prefix) => uri.startsWith(prefix));
}

/**
 * The browser half of an OpenID Connect login as a passport strategy: without `code` it sends
 * the browser to the provider (state, nonce and a PKCE verifier in a signed, short-lived,
 * HttpOnly cookie); at the callback it checks them, redeems the code, and hands the person to
 * `verify`. A client that started the login (the CLI, the console) names its return address,
 * its own state and its PKCE challenge, carried in the same cookie.
 */
class OidcFlowStrategy extends Strategy {
  constructor(
    private readonly client: OidcClient,
    private readonly tokens: FlowTokens,
    private readonly verify: Verify,
  ) {
    super();
    this.name = 'oidc';
  }

  override authenticate(req: Request): void {
    const finish = 'code' in req.query || 'error' in req.query;
    (finish ? this.finish(req) : this.begin(req)).catch((error: unknown) => this.error(error as Error));
  }

  private async begin(req: Request) {
    const q = req.query as Record<string, unknown>;
    const back: Record<string, string> = {};
    if (q.redirect_uri !== undefined) {
      const uri = String(q.redirect_uri);
      if (!allowedReturn(uri, this.client.settings.returnUrls))
        throw badRequest(
          'redirect_uri must be a loopback address (http://127.0.0.1:PORT/…) or a configured return URL.',
        );
      if (typeof q.code_challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge))
        throw badRequest(
          'code_challenge must be the S256 challenge (43 base64url characters) of your verifier.',
        );
      if (q.code_challenge_method !== undefined && q.code_challenge_method !== 'S256')
        throw badRequest('code_challenge_method must be S256.');
      Object.assign(back, { ru: uri, cc: q.code_challenge });
      if (typeof q.state === 'string') back.cs = q.state.slice(0, 256);
    }
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const url = await this.client.authorizationUrl({
      state,
      nonce,
      codeChallenge: s256(verifier),
    });
    const flow = this.tokens.sign('oidc-flow', { state, nonce, verifier, ...back }, FLOW_SECONDS);
    req.res?.setHeader(
      'Set-Cookie',
      `${FLOW_COOKIE}=${encodeURIComponent(flow)}; Path=/session/oidc; Max-Age=${FLOW_SECONDS}; HttpOnly; SameSite=Lax` +
        (this.client.settings.redirectUrl.startsWith('https:') ? '; Secure' : ''),
    );
    this.redirect(url);
  }

  private async finish(req: Request) {
    const flow = this.tokens.verify('oidc-flow', cookie(req, FLOW_COOKIE));
    req.res?.setHeader(
      'Set-Cookie',
      `${FLOW_COOKIE}=; Path=/session/oidc; Max-Age=0; HttpOnly; SameSite=Lax`,
    );
    if (!flow)
      return this.fail({ message: 'This login was not started here, or took too long; start again.' }, 401);
    const q = req.query as Record<string, unknown>;
    if (q.error !== undefined)
      return this.fail(
        { message: `The provider did not sign you in (${String(q.error).slice(0, 100)}).` },
        401,
      );
    const tokens = await this.client.callback(q, {
      state: flow.state,
      nonce: flow.nonce,
      codeVerifier: flow.verifier,
    });
    if (!tokens) return this.fail({ message: 'The provider did not confirm this login; start again.' }, 401);
    const person = await this.client.personOf(tokens);
    const back: ClientReturn = { redirectUri: flow.ru, state: flow.cs, codeChallenge: flow.cc };
    this.verify(person, (error, user) => {
      if (error) this.error(error as Error);
      else if (!user)
        this.fail({ message: 'The provider signed you in, but this server does not admit you.' }, 401);
      else this.success(user, back);
    });
  }
}

@Injectable()
export class OidcStrategy extends PassportStrategy(OidcFlowStrategy, 'oidc') {
  constructor(
    client: OidcClient,
    @Inject(SIMVAULT_CONFIG) config: SimvaultConfig,
    private readonly accounts: ExternalAccounts,
  ) {
    super(client, new FlowTokens(config.auth.jwtSecret));
  }

  async validate(person: ExternalPerson): Promise<UserEntity | false> {
    return (await this.accounts.signIn('oidc', person)) ?? false;
  }
}
