import { createHash } from 'node:crypto';
import * as jwt from 'jsonwebtoken';

/**
 * Short-lived signed values of the OpenID Connect flows (the browser's flow state, the one-time
 * grant a CLI exchanges, the wrapped device code), under a key derived from the signing secret
 * and an audience per purpose: none of them is ever accepted as a session token, or as another.
 */
export type FlowPurpose = 'oidc-flow' | 'oidc-grant' | 'oidc-device';

export class FlowTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`oidc-flows\u0000${secret}`).digest();
  }

  sign(purpose: FlowPurpose, claims: Record<string, string>, ttlSeconds: number): string {
    return jwt.sign(claims, this.key, {
      algorithm: 'HS256',
      issuer: 'simvault-oidc',
      audience: purpose,
      expiresIn: ttlSeconds,
    });
  }

  /** The claims, or undefined when the value is not one of ours for this purpose, or expired. */
  verify(purpose: FlowPurpose, value: unknown): Record<string, string> | undefined {
    if (typeof value !== 'string' || value.length > 8192) return undefined;
    try {
      const claims = jwt.verify(value, this.key, {
        algorithms: ['HS256'],
        issuer: 'simvault-oidc',
        audience: purpose,
      });
      return typeof claims === 'object' ? (claims as Record<string, string>) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** RFC 7636's S256: base64url(sha256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
