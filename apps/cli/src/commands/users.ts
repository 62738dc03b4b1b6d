import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import {
  CreateTokenDto,
  CreateUserDto,
  ListUsersQuery,
  PasswordDto,
  TokensService,
  UpdateUserDto,
  UsersService,
} from '@simvault/app-auth';
import type { Principal } from '@simvault/auth';
import { ROLE_PRIVILEGES, ROLES, validateInput } from '@simvault/core';
import { readStdin, withAuthApp } from '../operator/context';

/** The operator at the terminal acts with admin authority; logged as "cli". */
const OPERATOR: Principal = {
  sessionId: 'cli',
  kind: 'login',
  userId: null,
  username: 'cli',
  role: 'admin',
  privileges: [...ROLE_PRIVILEGES.admin],
  expiresAt: new Date(8.64e15),
  name: null,
};

async function passwordFrom(options: {
  passwordStdin?: boolean;
}): Promise<{ password: string; generated: boolean }> {
  if (options.passwordStdin) return { password: await readStdin(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

/**
 * Runs a service call (after the API's own validation of its input) and turns an API error into
 * the sentence it carries.
 */
async function api<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const body = (error as { getResponse?: () => unknown }).getResponse?.() as { error?: string } | undefined;
    throw new Error(body?.error ?? (error instanceof Error ? error.message : String(error)));
  }
}

export function registerUserCommands(program: Command, write: (line: string) => void = console.log) {
  const user = program
    .command('user')
    .description('Manage users in the auth database (as an admin would through the API).');

  user
    .command('add <username>')
    .description(
      'Create a user; the password comes from standard input (--password-stdin) or is generated and printed once.',
    )
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'user')
    .option('--email <email>', 'their email address')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: { role: string; email?: string; passwordStdin?: boolean }) => {
      const { password, generated } = await passwordFrom(options);
      const input = await api(() =>
        validateInput(CreateUserDto, { username, password, role: options.role, email: options.email }),
      );
      await withAuthApp(async (app) => {
        const created = await api(() => app.get(UsersService).create(input));
        write(`created ${created.username} (${created.role})${generated ? `, password: ${password}` : ''}`);
      });
    });

  user
    .command('list')
    .description('List users.')
    .option('--role <role>', 'only this role')
    .action(async (options: { role?: string }) => {
      const query = await api(() => validateInput(ListUsersQuery, { role: options.role, limit: 1000 }));
      await withAuthApp(async (app) => {
        for (;;) {
          const page = await app.get(UsersService).list(query);
          for (const u of page.items)
            write(
              `${u.username.padEnd(24)} ${u.role.padEnd(10)} ${u.active ? 'active' : 'inactive'}  ${u.email ?? ''}`.trimEnd(),
            );
          query.offset += page.items.length;
          if (query.offset >= page.total || page.items.length === 0) break;
        }
      });
    });

  user
    .command('set-role <username> <role>')
    .description("Change a user's role.")
    .action(async (username: string, newRole: string) => {
      const change = await api(() => validateInput(UpdateUserDto, { role: newRole }));
      await withAuthApp(async (app) => {
        const updated = await api(() => app.get(UsersService).update(username, change, OPERATOR));
        write(`${updated.username} is now ${updated.role}`);
      });
    });

  user
    .command('passwd <username>')
    .description(
      "Set a user's password (ends their login sessions); from standard input or generated and printed once.",
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      const { password, generated } = await passwordFrom(options);
      await api(() => validateInput(PasswordDto, { password }));
      await withAuthApp(async (app) => {
        const result = await api(() => app.get(UsersService).setPassword(username, password));
        write(
          `password changed for ${username}; ${result.revoked_sessions} session(s) ended${generated ? `; new password: ${password}` : ''}`,
        );
      });
    });

  const token = program.command('token').description('Manage API tokens.');

  token
    .command('create <username>')
    .description('Create an API token for a user (printed once).')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-readonly')
    .option('--privileges <list>', "comma-separated subset of the user's privileges (default: all of them)")
    .option('--days <n>', 'lifetime in days', '90')
    .action(async (username: string, options: { name: string; privileges?: string; days: string }) => {
      const input = await api(() =>
        validateInput(CreateTokenDto, {
          name: options.name,
          privileges: options.privileges?.split(',').map((p) => p.trim()),
          expires_in_days: Number(options.days),
        }),
      );
      await withAuthApp(async (app) => {
        const owner = await api(() => app.get(UsersService).get(username));
        const asOwner: Principal = {
          ...OPERATOR,
          userId: owner.id,
          username: owner.username,
          role: owner.role,
          privileges: [...ROLE_PRIVILEGES[owner.role]],
        };
        const created = await api(() => app.get(TokensService).create(asOwner, input));
        write(
          `token ${created.id} for ${username} (${(created.privileges ?? []).join(', ')}), expires ${created.expires_at}:`,
        );
        write(created.token);
      });
    });

  token
    .command('list')
    .description('List active API tokens.')
    .option('--username <username>', "only this user's")
    .action(async (options: { username?: string }) => {
      await withAuthApp(async (app) => {
        const page = await app
          .get(TokensService)
          .list(OPERATOR, { all: !options.username, username: options.username, limit: 1000, offset: 0 });
        for (const t of page.items)
          write(
            `${t.id}  ${(t.username ?? '').padEnd(16)} ${(t.name ?? '').padEnd(20)} ${(t.privileges ?? []).join(',')}  expires ${t.expires_at}`,
          );
        if (page.total > page.items.length) write(`… ${page.total - page.items.length} more`);
      });
    });

  token
    .command('revoke <id>')
    .description('Revoke an API token; every app refuses it within seconds.')
    .action(async (id: string) => {
      await withAuthApp(async (app) => {
        await api(() => app.get(TokensService).revoke(OPERATOR, id));
        write(`revoked ${id}`);
      });
    });
}
