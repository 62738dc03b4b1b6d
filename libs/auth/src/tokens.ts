/** Injection token of the auth database's DataSource in every app. */
export const AUTH_DB = 'auth';
