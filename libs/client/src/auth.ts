import { ClientOptions, HttpClient, Page, PageQuery } from './http';

export type Privilege =
  'read' | 'write' | 'execute' | 'run' | 'catalog_update' | 'cache_invalidate' | 'results_curate' | 'admin';
export type Role = 'user' | 'developer' | 'admin';

export interface LoginResult {
  token: string;
  session_id: string;
  id: string;
  expires_at: string;
  username: string;
  role: Role | null;
  privileges: Privilege[];
}

export interface WhoAmI {
  id: string;
  kind: 'login' | 'anonymous' | 'api_token';
  username: string;
  role: Role | null;
  privileges: Privilege[];
  expires_at: string;
  name: string | null;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface SessionInfo {
  id: string;
  kind: WhoAmI['kind'];
  username: string | null;
  name: string | null;
  privileges: Privilege[] | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  active: boolean;
  client_address: string | null;
}

/**
 * The session routes every service serves. Logging in through any service's client stores the
 * token in that client; the same token works on every Simvault service.
 */
export class SessionClient {
  readonly http: HttpClient;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.http = new HttpClient(baseUrl, options);
  }

  get token(): string | undefined {
    return this.http.token;
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const result = await this.http.request<LoginResult>('POST', '/session/login', {
      body: { username, password },
    });
    this.http.token = result.token;
    return result;
  }

  async anonymous(options: { privileges?: Privilege[]; ttl_seconds?: number } = {}): Promise<LoginResult> {
    const result = await this.http.request<LoginResult>('POST', '/session/anonymous', { body: options });
    this.http.token = result.token;
    return result;
  }

  async refresh(): Promise<{ token: string; session_id: string; id: string; expires_at: string }> {
    const result = await this.http.request<{
      token: string;
      session_id: string;
      id: string;
      expires_at: string;
    }>('POST', '/session/refresh');
    this.http.token = result.token;
    return result;
  }

  async logout(): Promise<void> {
    await this.http.request('POST', '/session/logout');
    this.http.token = undefined;
  }

  whoami(): Promise<WhoAmI> {
    return this.http.request('GET', '/session');
  }

  health(): Promise<{ status: string; service: string; backend?: string }> {
    return this.http.request('GET', '/health');
  }
}

/** The auth service (port 8000): users, API tokens and sessions, beside the session routes. */
export class AuthClient extends SessionClient {
  createUser(user: { username: string; password: string; role?: Role; email?: string }): Promise<User> {
    return this.http.request('POST', '/users', { body: user });
  }

  listUsers(query: PageQuery & { role?: Role; active?: boolean } = {}): Promise<Page<User>> {
    return this.http.request('GET', '/users', { query });
  }

  getUser(username: string): Promise<User> {
    return this.http.request('GET', `/users/${encodeURIComponent(username)}`);
  }

  updateUser(username: string, change: { role?: Role; active?: boolean; email?: string }): Promise<User> {
    return this.http.request('PATCH', `/users/${encodeURIComponent(username)}`, { body: change });
  }

  setPassword(username: string, password: string): Promise<{ status: string; revoked_sessions: number }> {
    return this.http.request('PUT', `/users/${encodeURIComponent(username)}/password`, {
      body: { password },
    });
  }

  deleteUser(username: string): Promise<{ status: string; username: string }> {
    return this.http.request('DELETE', `/users/${encodeURIComponent(username)}`);
  }

  changeOwnPassword(currentPassword: string, newPassword: string): Promise<{ status: string }> {
    return this.http.request('PUT', '/account/password', {
      body: { current_password: currentPassword, new_password: newPassword },
    });
  }

  createToken(spec: {
    name: string;
    privileges?: Privilege[];
    expires_in_days?: number;
  }): Promise<SessionInfo & { token: string }> {
    return this.http.request('POST', '/tokens', { body: spec });
  }

  listTokens(
    query: PageQuery & { username?: string; all?: boolean; include_inactive?: boolean } = {},
  ): Promise<Page<SessionInfo>> {
    return this.http.request('GET', '/tokens', { query });
  }

  revokeToken(id: string): Promise<{ status: string; id: string }> {
    return this.http.request('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  listSessions(
    query: PageQuery & { username?: string; kind?: SessionInfo['kind']; include_inactive?: boolean } = {},
  ): Promise<Page<SessionInfo>> {
    return this.http.request('GET', '/sessions', { query });
  }

  revokeSession(id: string): Promise<{ status: string; id: string }> {
    return this.http.request('DELETE', `/sessions/${encodeURIComponent(id)}`);
  }
}
