import { Inject, Injectable } from '@nestjs/common';
import { SIMVAULT_CONFIG, type SimvaultConfig } from '@simvault/core';
import * as jwt from 'jsonwebtoken';

export interface TokenClaims {
  /** The session row this token names. */
  sid: string;
  exp: number;
}

const ISSUER = 'simvault';

/** HS256 JWTs that name a session row; the row, not the token, says whether it is still good. */
@Injectable()
export class TokenSigner {
  constructor(@Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig) {}

  sign(sessionId: string, subject: string | null, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return jwt.sign(
      { sid: sessionId, exp, ...(subject ? { sub: subject } : {}) },
      this.config.auth.jwtSecret,
      {
        algorithm: 'HS256',
        issuer: ISSUER,
      },
    );
  }

  /** The claims, or the reason the token is refused. Expiry is judged against the session row. */
  verify(token: string): TokenClaims | 'invalid' {
    try {
      const claims = jwt.verify(token, this.config.auth.jwtSecret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        ignoreExpiration: true,
      });
      if (typeof claims !== 'object' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number')
        return 'invalid';
      return { sid: claims.sid, exp: claims.exp };
    } catch {
      return 'invalid';
    }
  }
}
