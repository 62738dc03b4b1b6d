import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `simvault login` keeps: the server it signed in to and the session token it got. */
export interface StoredLogin {
  url: string;
  token: string;
  username: string;
  expires_at: string;
}

/** `~/.config/simvault/token` unless `--token-file` / SIMVAULT_TOKEN_FILE says otherwise. */
export function defaultTokenFile(): string {
  return join(homedir(), '.config', 'simvault', 'token');
}

/** JSON written aside with mode 0600 and renamed into place: never readable by others, never half written. */
export function writePrivateJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export function storeLogin(file: string, login: StoredLogin): void {
  writePrivateJson(file, login);
}

/** The stored login, when there is one that has not expired. */
export function storedLogin(file = defaultTokenFile()): StoredLogin | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const login = JSON.parse(readFileSync(file, 'utf8')) as StoredLogin;
    return typeof login.token === 'string' && new Date(login.expires_at) > new Date() ? login : undefined;
  } catch {
    return undefined;
  }
}

export function forgetLogin(file: string): void {
  rmSync(file, { force: true });
}
