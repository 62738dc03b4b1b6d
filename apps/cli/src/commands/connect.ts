import { Option, type Command } from 'commander';
import type { ClientOptions, Privilege, SessionClient } from '@simvault/client';
import { loadConfig, localUrl, type ServiceName } from '@simvault/core';
import { storedLogin } from '../login/token-file';

/** How a command reaches a service and as whom (the flags every client command shares). */
export interface ConnectOptions {
  url?: string;
  token?: string;
  user?: string;
  password?: string;
}

/** `--url`, `--token`, `--user`, `--password` for a command talking to `service`. */
export function addConnectOptions(command: Command, service: ServiceName): Command {
  return addCredentialOptions(command.addOption(serviceUrlOption(service, '--url')));
}

/** `flag <url>` for one service, defaulting to SIMVAULT_<SERVICE>_URL, else this machine's port. */
export function serviceUrlOption(service: ServiceName, flag: string): Option {
  const upper = service.toUpperCase();
  return new Option(
    `${flag} <url>`,
    `the ${service} service (default http://<SIMVAULT_HOST>:<SIMVAULT_${upper}_PORT>)`,
  ).env(`SIMVAULT_${upper}_URL`);
}

/** Who the command acts as: a token, a login, or (neither) the stored session. */
export function addCredentialOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--token <token>',
        'a session or API token (default: the session `simvault login` keeps, else an anonymous one)',
      ).env('SIMVAULT_TOKEN'),
    )
    .option('--user <name>', 'log in as this user instead')
    .addOption(new Option('--password <password>', "the user's password").env('SIMVAULT_PASSWORD'));
}

/** The service this machine's configuration names (SIMVAULT_HOST and the service's port). */
export function serviceUrl(service: ServiceName): string {
  // Only the host and port are read: a placeholder secret keeps loadConfig from refusing to run
  // without one in production (a client machine signs nothing).
  const config = loadConfig(undefined, { SIMVAULT_JWT_SECRET: 'unused-by-a-client-'.padEnd(32, '-') });
  return localUrl(config.host, config.ports[service]);
}

/**
 * A client of `service` signed in as the options say: --token, else --user/--password, else the
 * session `simvault login` keeps, else an anonymous session asking for `anonymous` privileges.
 */
export async function connect<C extends SessionClient>(
  Client: new (baseUrl: string, options?: ClientOptions) => C,
  service: ServiceName,
  options: ConnectOptions,
  anonymous: Privilege[] = ['read'],
): Promise<C> {
  const token = options.token ?? (options.user ? undefined : storedLogin()?.token);
  const client = new Client(options.url ?? serviceUrl(service), { token });
  if (!token) {
    if (options.user) {
      if (!options.password) throw new Error('--user needs --password (or SIMVAULT_PASSWORD).');
      await client.login(options.user, options.password);
    } else {
      await client.anonymous({ privileges: anonymous });
    }
  }
  return client;
}
