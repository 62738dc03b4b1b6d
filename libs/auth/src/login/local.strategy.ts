import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { UserEntity } from '@simvault/entities';
import { Strategy } from 'passport-local';
import { PasswordHasher } from '../password-hasher';
import { SessionRepository } from '../session/session.repository';

/**
 * Simvault's own passwords. An unknown, inactive or directory-managed name costs one decoy
 * verification, so every failure takes the time of a wrong password.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly repository: SessionRepository,
    private readonly hasher: PasswordHasher,
  ) {
    super();
  }

  async validate(username: string, password: string): Promise<UserEntity | false> {
    const user = await this.repository.findUserByName(username);
    const own = user?.active && user.provider === 'local';
    const ok = own
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    return ok ? user! : false;
  }
}
