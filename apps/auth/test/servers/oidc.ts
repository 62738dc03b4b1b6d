import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Account {
  password: string;
  disabled?: boolean;
  claims: Record<string, unknown>;
}

export interface OidcProvider {
  issuer: string;
  /** Makes an account unknown to the provider: its logins and token refreshes fail from now on. */
  disable(sub: string): Promise<void>;
  stop(): Promise<void>;
}

export const CLIENT_ID = 'simvault';
export const CLIENT_SECRET = 'simvault-test-client-secret';

/** oidc-provider (test/servers/oidc-provider.mjs) in a child process on 127.0.0.1. */
export async function startOidcProvider(
  accounts: Record<string, Account>,
  redirectUris: string[],
): Promise<OidcProvider> {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URIS: redirectUris.join(','),
      OIDC_ACCOUNTS: JSON.stringify(accounts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (c) => (errors += c));
  const issuer = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) ok((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.once('exit', (code) => fail(new Error(`oidc-provider exited ${code}: ${errors}`)));
  });
  return {
    issuer,
    disable: async (sub) => {
      await fetch(`${issuer}/test/disable?sub=${encodeURIComponent(sub)}`, { method: 'POST' });
    },
    stop: async () => {
      const exit = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exit;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => ok(port));
      });
  });
}

/**
 * A person's browser, as far as these flows need one: follows redirects, keeps each origin's
 * cookies, and fills in the provider's forms. Stops at a URL `stopAt` accepts (a CLI's loopback).
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  private cookies(url: URL): string {
    return [...(this.jar.get(url.origin) ?? new Map<string, string>()).entries()]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  private keep(url: URL, res: Response) {
    const jar = this.jar.get(url.origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(url.origin, jar);
  }

  /** Requests `start` and follows redirects; answers the last response and its URL. */
  async go(
    start: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt: (url: URL) => boolean = () => false,
  ): Promise<{ url: URL; res: Response; body: string }> {
    let url = new URL(start);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: {
          cookie: this.cookies(url),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      this.keep(url, res);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url, res, body: await res.text() };
      await res.arrayBuffer();
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      if (stopAt(url)) return { url, res, body: '' };
    }
    throw new Error(`too many redirects from ${start}`);
  }

  /** Follows a login through the provider: its login form with these credentials. */
  async login(start: string, username: string, password: string, stopAt?: (url: URL) => boolean) {
    const form = await this.go(start, {}, stopAt);
    const action = /action="([^"]+)"/.exec(form.body)?.[1];
    if (!action) return form;
    return this.go(
      new URL(action, form.url).toString(),
      { method: 'POST', form: { username, password } },
      stopAt,
    );
  }

  /** Approves a device login at its verification URL (its code, its confirmation), then signs in. */
  async approveDevice(verificationUriComplete: string, username: string, password: string) {
    let page = await this.go(verificationUriComplete);
    for (let step = 0; step < 5; step++) {
      const action = /action="([^"]+)"/.exec(page.body)?.[1];
      if (!action) return page;
      const fields: Record<string, string> = /\/login$/.test(action) ? { username, password } : {};
      for (const [tag] of page.body.matchAll(/<input[^>]*>/g)) {
        const name = /name="([^"]*)"/.exec(tag)?.[1];
        if (name) fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      }
      page = await this.go(new URL(action, page.url).toString(), { method: 'POST', form: fields });
    }
    return page;
  }
}
