import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { Option, type Command } from 'commander';
import { serviceUrl } from './connect';
import { defaultTokenFile, forgetLogin, storedLogin, storeLogin } from '../login/token-file';
import { readStdin } from '../operator/context';

interface LoginOptions {
  url?: string;
  tokenFile?: string;
  passwordStdin?: boolean;
  oidc?: boolean;
  browser?: boolean;
}

interface LoginAnswer {
  token: string;
  username: string;
  role: string | null;
  expires_at: string;
}

/** The auth service: --url, SIMVAULT_AUTH_URL, or this machine's configured auth port. */
function authUrl(options: LoginOptions): string {
  if (options.url) return options.url.replace(/\/+$/, '');
  return serviceUrl('auth');
}

/** One JSON call; an answer outside 2xx becomes the sentence the API gives. */
async function call<T>(url: string, body?: object, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body ?? {}),
  });
  const answer = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (res.status >= 400) throw new Error(answer.error ?? `${url} answered ${res.status}`);
  return { status: res.status, body: answer };
}

/** A password typed at a terminal, not echoed. */
function promptPassword(write: (text: string) => void): Promise<string> {
  return new Promise((ok, fail) => {
    const stdin = process.stdin;
    write('Password: ');
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          write('\n');
          return ok(typed);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return fail(new Error('cancelled'));
        }
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}

async function passwordLogin(
  base: string,
  username: string,
  options: LoginOptions,
  say: (line: string) => void,
) {
  let password: string;
  if (options.passwordStdin) password = await readStdin();
  else if (process.stdin.isTTY) password = await promptPassword((t) => process.stdout.write(t));
  else throw new Error('give the password on standard input with --password-stdin');
  say(`signing in to ${base} as ${username}`);
  return (await call<LoginAnswer>(`${base}/session/login`, { username, password })).body;
}

/** The device flow: a code to enter at the provider, then polls until the person approves. */
async function deviceLogin(base: string, say: (line: string) => void): Promise<LoginAnswer> {
  const started = (
    await call<{
      device_code: string;
      user_code: string;
      verification_uri: string;
      verification_uri_complete: string | null;
      expires_in: number;
      interval: number;
    }>(`${base}/session/oidc/device`)
  ).body;
  say(`To sign in, open ${started.verification_uri} and enter the code ${started.user_code}`);
  if (started.verification_uri_complete) say(`(or open ${started.verification_uri_complete})`);
  let interval = started.interval;
  const deadline = Date.now() + started.expires_in * 1000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, interval * 1000));
    const answer = await call<LoginAnswer & { status?: string; interval?: number }>(
      `${base}/session/oidc/device/token`,
      { device_code: started.device_code },
    );
    if (answer.status === 200) return answer.body;
    interval = answer.body.interval ?? interval;
  }
  throw new Error('the device code expired before the login was approved; run simvault login --oidc again');
}

/**
 * A browser login that comes back to this machine (RFC 8252): a listener on a loopback port, and
 * a PKCE verifier only this process knows, so a code that reaches another program is useless.
 */
async function browserLogin(base: string, say: (line: string) => void): Promise<LoginAnswer> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  let settle!: (result: { code?: string; error?: string }) => void;
  const returned = new Promise<{ code?: string; error?: string }>((ok) => (settle = ok));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') return void res.writeHead(404).end();
    const good = url.searchParams.get('state') === state && url.searchParams.has('code');
    res.writeHead(good ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      good
        ? 'Signed in to Simvault; you may close this window.'
        : 'This login did not come from simvault login.',
    );
    settle(
      good
        ? { code: url.searchParams.get('code')! }
        : { error: 'the browser came back without a valid login' },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const { port } = server.address() as { port: number };
    const redirect = `http://127.0.0.1:${port}/callback`;
    const start = `${base}/session/oidc/login?${new URLSearchParams({
      redirect_uri: redirect,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    say(`Open this address in a browser to sign in:\n  ${start}`);
    // A desktop opens it by itself; elsewhere the address above is enough.
    spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [start], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
    const timeout = setTimeout(() => settle({ error: 'no browser came back within 5 minutes' }), 300_000);
    const result = await returned;
    clearTimeout(timeout);
    if (!result.code) throw new Error(result.error);
    return (
      await call<LoginAnswer>(`${base}/session/oidc/token`, { code: result.code, code_verifier: verifier })
    ).body;
  } finally {
    server.close();
  }
}

/**
 * `simvault login` (every strategy the server has on: a Simvault or directory account by
 * username and password, or the OpenID Connect provider) and `simvault logout`. The token is kept
 * in a 0600 file that the other commands use.
 */
export function registerLoginCommands(program: Command, say: (line: string) => void = console.log) {
  const url = () =>
    new Option('--url <url>', 'the auth service (default http://<SIMVAULT_HOST>:<SIMVAULT_AUTH_PORT>)').env(
      'SIMVAULT_AUTH_URL',
    );
  const tokenFile = () =>
    new Option(
      '--token-file <file>',
      'where the session token is kept (default ~/.config/simvault/token)',
    ).env('SIMVAULT_TOKEN_FILE');
  program
    .command('login [username]')
    .description(
      'Sign in and keep the session token in a 0600 file: with a username, a Simvault or directory (LDAP) account; with --oidc, the OpenID Connect provider (device flow, or --browser).',
    )
    .addOption(url())
    .addOption(tokenFile())
    .option('--password-stdin', 'read the password from standard input')
    .option('--oidc', 'sign in through the OpenID Connect provider')
    .option(
      '--browser',
      'with --oidc: a browser login that comes back to this machine, instead of the device flow',
    )
    .action(async (username: string | undefined, options: LoginOptions) => {
      const base = authUrl(options);
      if (!username && !options.oidc)
        throw new Error('give a username, or --oidc to sign in through the provider');
      const answer = username
        ? await passwordLogin(base, username, options, say)
        : options.browser
          ? await browserLogin(base, say)
          : await deviceLogin(base, say);
      const file = options.tokenFile ?? defaultTokenFile();
      storeLogin(file, {
        url: base,
        token: answer.token,
        username: answer.username,
        expires_at: answer.expires_at,
      });
      say(
        `signed in as ${answer.username} (${answer.role ?? 'no role'}) until ${answer.expires_at}; token kept in ${file}`,
      );
    });

  program
    .command('logout')
    .description('End the stored session and forget its token.')
    .addOption(tokenFile())
    .action(async (options: LoginOptions) => {
      const file = options.tokenFile ?? defaultTokenFile();
      const login = storedLogin(file);
      if (login) await call(`${login.url}/session/logout`, {}, login.token).catch(() => undefined);
      forgetLogin(file);
      say(login ? `signed out of ${login.url}` : 'no stored login');
    });
}
