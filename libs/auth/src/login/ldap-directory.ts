import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SIMVAULT_CONFIG, type LdapSettings, type Role, type SimvaultConfig } from '@simvault/core';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';
import { normalizeDn, roleFor } from './role-mapping';

/** What the directory says about a person. */
export interface DirectoryPerson {
  /** The stable id (entryUUID by default): survives renames, never reused. */
  externalId: string;
  username: string;
  email: string | null;
  /** From their groups; null when no mapped group admits them and there is no default role. */
  role: Role | null;
}

/** RFC 4515: a value as it may stand inside a search filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const first = (value: Entry[string] | undefined): string | null => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
};

/**
 * The configured LDAP directory: finds a person with the service account (or anonymously),
 * checks their password by binding as them, and reads their groups. A person the user filter
 * does not match (disabled, moved out of the base, deleted) does not exist for Simvault.
 */
@Injectable()
export class LdapDirectory {
  private readonly settings: LdapSettings;

  constructor(@Inject(SIMVAULT_CONFIG) config: SimvaultConfig) {
    this.settings = config.auth.ldap!;
  }

  private client(): Client {
    return new Client({
      url: this.settings.url,
      timeout: this.settings.timeoutMs,
      connectTimeout: this.settings.timeoutMs,
    });
  }

  /** Runs `work` on a connection bound as the service account; a directory that fails is a 503. */
  private async asService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client();
    try {
      if (this.settings.bindDn) await client.bind(this.settings.bindDn, this.settings.bindPassword ?? '');
      return await work(client);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(503, 'The directory (LDAP) did not answer as expected; try again later.', undefined);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private userFilter(username: string): string {
    return this.settings.userFilter.replace(/\{username\}/g, username);
  }

  private async findOne(client: Client, filter: string): Promise<Entry | null> {
    const s = this.settings;
    const { searchEntries } = await client.search(s.userBase, {
      scope: 'sub',
      filter,
      attributes: [s.idAttribute, s.usernameAttribute, s.emailAttribute],
      sizeLimit: 2,
    });
    return searchEntries.length === 1 ? searchEntries[0] : null;
  }

  private async describe(client: Client, entry: Entry): Promise<DirectoryPerson | null> {
    const s = this.settings;
    const externalId = first(entry[s.idAttribute]);
    const username = first(entry[s.usernameAttribute]);
    if (!externalId || !username) return null;
    const filter = s.groupFilter
      .replace(/\{dn\}/g, escapeFilterValue(entry.dn))
      .replace(/\{username\}/g, escapeFilterValue(username));
    const { searchEntries } = await client.search(s.groupBase, { scope: 'sub', filter, attributes: ['dn'] });
    return {
      externalId,
      username,
      email: first(entry[s.emailAttribute]),
      role: roleFor(
        searchEntries.map((g) => g.dn),
        s,
        normalizeDn,
      ),
    };
  }

  /** The person, when the username and password are theirs; null otherwise. */
  async authenticate(username: string, password: string): Promise<DirectoryPerson | null> {
    // An empty password is an unauthenticated bind, which directories accept: never a login.
    if (!password) return null;
    return this.asService(async (service) => {
      const entry = await this.findOne(service, this.userFilter(escapeFilterValue(username)));
      if (!entry) return null;
      const user = this.client();
      try {
        await user.bind(entry.dn, password);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) return null;
        throw error;
      } finally {
        await user.unbind().catch(() => undefined);
      }
      return this.describe(service, entry);
    });
  }

  /** The person with this stable id, as the directory has them now; null once it no longer admits them. */
  async lookup(externalId: string): Promise<DirectoryPerson | null> {
    return this.asService(async (service) => {
      const filter = `(&(${this.settings.idAttribute}=${escapeFilterValue(externalId)})${this.userFilter('*')})`;
      const entry = await this.findOne(service, filter);
      return entry ? this.describe(service, entry) : null;
    });
  }
}
