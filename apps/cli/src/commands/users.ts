import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { TokensService, UsersService } from '@simvault/app-auth';
import type { Principal } from '@simvault/auth';
import { isPrivilege, isRole, ROLE_PRIVILEGES, ROLES, type Privilege, type Role } from '@simvault/core';
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

function role(value: string): Role {
  if (!isRole(value)) throw new Error(`role must be one of ${ROLES.join(', ')} (got "${value}")`);
  return value;
}

async function passwordFrom(options: {
  passwordStdin?: boolean;
}): Promise<{ password: string; generated: boolean }> {
  if (options.passwordStdin) return { password: await readStdin(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

/** Runs a service call and turns an API error into the sentence it carries. */
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
      await withAuthApp(async (app) => {
        const created = await api(() =>
          app
            .get(UsersService)
            .create({ username, password, role: role(options.role), email: options.email }),
        );
        write(`created ${created.username} (${created.role})${generated ? `, password: ${password}` : ''}`);
      });
    });

  user
    .command('list')
    .description('List users.')
    .option('--role <role>', 'only this role')
    .action(async (options: { role?: string }) => {
      await withAuthApp(async (app) => {
        let offset = 0;
        for (;;) {
          const page = await app
            .get(UsersService)
            .list({ limit: 1000, offset, role: options.role ? role(options.role) : undefined });
          for (const u of page.items)
            write(
              `${u.username.padEnd(24)} ${u.role.padEnd(10)} ${u.active ? 'active' : 'inactive'}  ${u.email ?? ''}`.trimEnd(),
            );
          offset += page.items.length;
          if (offset >= page.total || page.items.length === 0) break;
        }
      });
    });

  user
    .command('set-role <username> <role>')
    .description("Change a user's role.")
    .action(async (username: string, newRole: string) => {
      await withAuthApp(async (app) => {
        const updated = await api(() =>
          app.get(UsersService).update(username, { role: role(newRole) }, OPERATOR),
        );
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
      const privileges = options.privileges?.split(',').map((p) => p.trim());
      const bad = privileges?.filter((p) => !isPrivilege(p));
      if (bad?.length) throw new Error(`unknown privilege(s): ${bad.join(', ')}`);
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 3650)
        throw new Error('--days must be a whole number from 1 to 3650');
      await withAuthApp(async (app) => {
        const owner = await api(() => app.get(UsersService).get(username));
        const asOwner: Principal = {
          ...OPERATOR,
          userId: owner.id,
          username: owner.username,
          role: owner.role,
          privileges: [...ROLE_PRIVILEGES[owner.role]],
        };
        const created = await api(() =>
          app.get(TokensService).create(asOwner, {
            name: options.name,
            privileges: privileges as Privilege[] | undefined,
            expires_in_days: days,
          }),
        );
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
