import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes). Hashing runs on libuv's thread
 * pool, so a login never blocks the event loop.
 */
@Injectable()
export class PasswordHasher {
  private readonly options = {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  } as const;
  /** Verified against when the user does not exist, so both failures cost the same time. */
  private readonly decoy = argon2.hash('simvault-decoy-password', this.options);

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }

  /** Burns the time of one verification without an answer (unknown or inactive users). */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(undefined, password);
    return false;
  }
}
