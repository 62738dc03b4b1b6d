import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { UserEntity } from '@simvault/entities';
import { Strategy } from 'passport-local';
import { SessionRepository } from '../session/session.repository';
import { ExternalAccounts } from './external-accounts';
import { LdapDirectory } from './ldap-directory';

/**
 * A username and password checked by binding as the person in the configured directory (the
 * same request body as a local login, so sim2l clients sign in unchanged). A name that is a
 * Simvault account of its own is the local strategy's, never the directory's.
 */
@Injectable()
export class LdapStrategy extends PassportStrategy(Strategy, 'ldap') {
  constructor(
    private readonly directory: LdapDirectory,
    private readonly accounts: ExternalAccounts,
    private readonly repository: SessionRepository,
  ) {
    super();
  }

  async validate(username: string, password: string): Promise<UserEntity | false> {
    const existing = await this.repository.findUserByName(username);
    if (existing && existing.provider === 'local') return false;
    const person = await this.directory.authenticate(username, password);
    if (!person) return false;
    return (await this.accounts.signIn('ldap', person)) ?? false;
  }
}
