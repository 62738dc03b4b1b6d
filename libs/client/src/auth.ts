import type { components, operations, paths } from './generated/auth';
import { answer, ClientOptions, HttpClient, typedClient, type QueryOf } from './http';

// The wire types are the auth service's OpenAPI document's (libs/client/src/generated/auth.ts).
type Schemas = components['schemas'];
export type Privilege = Schemas['LoginResponse']['privileges'][number];
export type Role = Schemas['UserResponse']['role'];
export type LoginResult = Schemas['LoginResponse'];
export type WhoAmI = Schemas['WhoAmIResponse'];
export type User = Schemas['UserResponse'];
export type SessionInfo = Schemas['SessionResponse'];
export type LoginOptions = Schemas['LoginOptionsResponse'];
export type AuditEntry = Schemas['AuditEntryResponse'];

/**
 * The session routes every service serves. Logging in through any service's client stores the
 * token in that client; the same token works on every Simvault service.
 */
export class SessionClient {
  readonly http: HttpClient;
  /** The typed routes of the auth service's document; the session and health routes are every service's. */
  protected readonly auth;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.http = new HttpClient(baseUrl, options);
    this.auth = typedClient<paths>(this.http);
  }

  get token(): string | undefined {
    return this.http.token;
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const result = await answer(this.auth.POST('/session/login', { body: { username, password } }), 'POST');
    this.http.token = result.token;
    return result;
  }

  async anonymous(options: Schemas['AnonymousSessionDto'] = {}): Promise<LoginResult> {
    const result = await answer(this.auth.POST('/session/anonymous', { body: options }), 'POST');
    this.http.token = result.token;
    return result;
  }

  async refresh(): Promise<Schemas['SessionTokenResponse']> {
    const result = await answer(this.auth.POST('/session/refresh'), 'POST');
    this.http.token = result.token;
    return result;
  }

  async logout(): Promise<void> {
    await answer(this.auth.POST('/session/logout'), 'POST');
    this.http.token = undefined;
  }

  whoami(): Promise<WhoAmI> {
    return answer(this.auth.GET('/session'), 'GET');
  }

  /** Readiness: `status`, `service`, and what the service's checks add (its database `backend`…). */
  health(): Promise<Schemas['HealthResponse'] & { backend?: string }> {
    return answer(this.auth.GET('/health'), 'GET');
  }
}

/** The auth service (port 8000): users, API tokens and sessions, beside the session routes. */
export class AuthClient extends SessionClient {
  strategies(): Promise<LoginOptions> {
    return answer(this.auth.GET('/session/strategies'), 'GET');
  }

  createUser(user: Schemas['CreateUserDto']): Promise<User> {
    return answer(this.auth.POST('/users', { body: user }), 'POST');
  }

  listUsers(query: QueryOf<operations['UsersController_list']> = {}): Promise<Schemas['UserPage']> {
    return answer(this.auth.GET('/users', { params: { query } }), 'GET');
  }

  getUser(username: string): Promise<User> {
    return answer(this.auth.GET('/users/{username}', { params: { path: { username } } }), 'GET');
  }

  updateUser(username: string, change: Schemas['UpdateUserDto']): Promise<User> {
    return answer(
      this.auth.PATCH('/users/{username}', { params: { path: { username } }, body: change }),
      'PATCH',
    );
  }

  setPassword(username: string, password: string): Promise<Schemas['PasswordChangedResponse']> {
    return answer(
      this.auth.PUT('/users/{username}/password', { params: { path: { username } }, body: { password } }),
      'PUT',
    );
  }

  deleteUser(username: string): Promise<Schemas['UserDeletedResponse']> {
    return answer(this.auth.DELETE('/users/{username}', { params: { path: { username } } }), 'DELETE');
  }

  changeOwnPassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<Schemas['PasswordChangedResponse']> {
    return answer(
      this.auth.PUT('/account/password', {
        body: { current_password: currentPassword, new_password: newPassword },
      }),
      'PUT',
    );
  }

  createToken(spec: Schemas['CreateTokenDto']): Promise<Schemas['CreatedTokenResponse']> {
    return answer(this.auth.POST('/tokens', { body: spec }), 'POST');
  }

  listTokens(query: QueryOf<operations['TokensController_list']> = {}): Promise<Schemas['SessionPage']> {
    return answer(this.auth.GET('/tokens', { params: { query } }), 'GET');
  }

  revokeToken(id: string): Promise<Schemas['RevokedResponse']> {
    return answer(this.auth.DELETE('/tokens/{id}', { params: { path: { id } } }), 'DELETE');
  }

  listSessions(query: QueryOf<operations['SessionsController_list']> = {}): Promise<Schemas['SessionPage']> {
    return answer(this.auth.GET('/sessions', { params: { query } }), 'GET');
  }

  revokeSession(id: string): Promise<Schemas['RevokedResponse']> {
    return answer(this.auth.DELETE('/sessions/{id}', { params: { path: { id } } }), 'DELETE');
  }

  audit(query: QueryOf<operations['AuditController_list']> = {}): Promise<Schemas['AuditEntryPage']> {
    return answer(this.auth.GET('/audit', { params: { query } }), 'GET');
  }
}
