// Generated from docs/openapi/auth.json by openapi-typescript (`node tools/api-docs.js`); do not edit.
export interface paths {
    "/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change your own password (needs the current one); your other login sessions end. */
        put: operations["AccountController_changePassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform's audit log (admin), newest first: every act on someone else's work in any app — who, what, when, why, to what. */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the service and what it depends on (its database) answer. 503 when not. */
        get: operations["HealthController_readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers. Touches nothing else. */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: user, role, privileges and expiry of the calling session. */
        get: operations["SessionController_whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/anonymous": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an anonymous session with some of the privileges the server allows (when enabled). */
        post: operations["SessionController_anonymous"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with a username and password (Simvault account or LDAP directory); answers a session token. 401 on bad credentials, 429 after 5 attempts a minute. */
        post: operations["SessionController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the caller's session; its token is refused from then on. */
        post: operations["SessionController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The provider's return: answers the session, or sends the browser to the client's redirect_uri with a one-time code. */
        get: operations["OidcController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/oidc/device": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a device-flow login: a code to enter at the provider, and one to poll with. */
        post: operations["OidcController_device"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/oidc/device/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Poll a device-flow login: 202 {status: pending|slow_down, interval} until the person approves, then 200 with the session token. */
        post: operations["OidcController_deviceToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start a login at the OpenID Connect provider (302). A CLI or the console adds redirect_uri (loopback or configured), state and an S256 code_challenge. */
        get: operations["OidcController_start"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/oidc/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the one-time code and its PKCE verifier for a session token. */
        post: operations["OidcController_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend the caller's login session; answers a new token for the same session. */
        post: operations["SessionController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/strategies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The login strategies switched on: local and ldap take POST /session/login; oidc the /session/oidc routes. */
        get: operations["LoginOptionsController_options"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sessions (admin): active ones unless include_inactive=true; by user and kind. */
        get: operations["SessionsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a session or token (admin); every app refuses it within seconds. */
        delete: operations["SessionsController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens (admins: ?username= or ?all=true). Needs read. */
        get: operations["TokensController_list"];
        put?: never;
        /** Create a named, expiring API token with some of your privileges. The token is shown once. */
        post: operations["TokensController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens from a logged-in session (admins: anyone’s); an API token cannot revoke tokens. */
        delete: operations["TokensController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin), paginated, optionally by role and active. */
        get: operations["UsersController_list"];
        put?: never;
        /** Create a user (admin). 409 when the username is taken. */
        post: operations["UsersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user (admin). */
        get: operations["UsersController_get"];
        put?: never;
        post?: never;
        /** Delete a user and every session and token of theirs (admin). */
        delete: operations["UsersController_remove"];
        options?: never;
        head?: never;
        /** Change a user's role, email, or deactivate/reactivate them (admin). */
        patch: operations["UsersController_update"];
        trace?: never;
    };
    "/users/{username}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a user's password (admin); their login sessions end. */
        put: operations["UsersController_setPassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AnonymousSessionDto: {
            /**
             * @description A subset of the privileges the server allows anonymous sessions; all of them when omitted.
             * @example [
             *       "read"
             *     ]
             */
            privileges?: string[];
            /**
             * @description Lifetime in seconds, at most the server maximum.
             * @example 3600
             */
            ttl_seconds?: number;
        };
        AuditEntryPage: {
            items: components["schemas"]["AuditEntryResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        AuditEntryResponse: {
            /** @example results.delete */
            action: string;
            /** @description Who acted (a username). */
            actor: string;
            actor_id: string | null;
            created_at: string;
            id: number;
            reason: string | null;
            /** @example results */
            service: string;
            /** @description An execution id, a cache key, a file id, or a filter as JSON. */
            target: string;
            target_owner_id: string | null;
        };
        ChangeOwnPasswordDto: {
            current_password: string;
            new_password: string;
        };
        CreatedTokenResponse: {
            active: boolean;
            client_address: string | null;
            created_at: string;
            expires_at: string;
            id: string;
            /** @enum {string} */
            kind: "login" | "anonymous" | "api_token";
            /** @description An API token's name. */
            name: string | null;
            /** @description Null: the owner’s privileges. */
            privileges: ("read" | "write" | "execute" | "run" | "catalog_update" | "cache_invalidate" | "results_curate" | "admin")[] | null;
            revoked_at: string | null;
            /** @description Shown once; send it as "Authorization: Bearer <token>". */
            token: string;
            username: string | null;
        };
        CreateTokenDto: {
            /** @default 90 */
            expires_in_days?: number;
            /**
             * @description 1 to 100 printable characters.
             * @example ci-readonly
             */
            name: string;
            /**
             * @description A subset of your own privileges; all of them when omitted.
             * @example [
             *       "read"
             *     ]
             */
            privileges?: string[];
        };
        CreateUserDto: {
            email?: string;
            password: string;
            /**
             * @default user
             * @enum {string}
             */
            role?: "user" | "developer" | "admin";
            /** @example alice */
            username: string;
        };
        HealthResponse: {
            /** @example results */
            service: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy";
        };
        LivenessResponse: {
            /** @enum {string} */
            status: "ok";
        };
        LoginDto: {
            /** @example correct horse battery staple */
            password: string;
            /** @example admin */
            username: string;
        };
        LoginOptionsResponse: {
            oidc: components["schemas"]["OidcEndpoints"] | null;
            /** @description Whether POST /session/login takes a username and password. */
            password: boolean;
            strategies: ("local" | "ldap" | "oidc")[];
        };
        LoginResponse: {
            expires_at: string;
            /** @description The session row id (what an admin revokes). */
            id: string;
            privileges: ("read" | "write" | "execute" | "run" | "catalog_update" | "cache_invalidate" | "results_curate" | "admin")[];
            /** @enum {string|null} */
            role: "user" | "developer" | "admin" | null;
            /** @description The same credential, under the name sim2l clients read. */
            session_id: string;
            /** @description The credential: send it as "Authorization: Bearer <token>" or "X-Session-ID: <token>". */
            token: string;
            username: string;
        };
        LogoutResponse: {
            /** @enum {string} */
            status: "logged_out";
        };
        OidcDevicePendingResponse: {
            /** @description Seconds to wait before the next poll. */
            interval: number;
            /** @enum {string} */
            status: "pending" | "slow_down";
        };
        OidcDeviceResponse: {
            device_code: string;
            expires_in: number;
            /** @description Seconds between polls of /session/oidc/device/token. */
            interval: number;
            /** @description What the person enters at verification_uri. */
            user_code: string;
            verification_uri: string;
            verification_uri_complete: string | null;
        };
        OidcDeviceTokenDto: {
            /** @description The device_code POST /session/oidc/device answered. */
            device_code: string;
        };
        OidcEndpoints: {
            /** @example /session/oidc/device */
            device: string;
            /** @example /session/oidc/login */
            login: string;
            /** @example /session/oidc/token */
            token: string;
        };
        OidcTokenDto: {
            /** @description The code the login returned to your redirect_uri. */
            code: string;
            /** @description The PKCE verifier whose S256 challenge started the login. */
            code_verifier: string;
        };
        PasswordChangedResponse: {
            /** @description How many of the user’s login sessions ended. */
            revoked_sessions: number;
            /** @enum {string} */
            status: "password_changed";
        };
        PasswordDto: {
            password: string;
        };
        RevokedResponse: {
            id: string;
            /** @enum {string} */
            status: "revoked";
        };
        SessionPage: {
            items: components["schemas"]["SessionResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        SessionResponse: {
            active: boolean;
            client_address: string | null;
            created_at: string;
            expires_at: string;
            id: string;
            /** @enum {string} */
            kind: "login" | "anonymous" | "api_token";
            /** @description An API token's name. */
            name: string | null;
            /** @description Null: the owner’s privileges. */
            privileges: ("read" | "write" | "execute" | "run" | "catalog_update" | "cache_invalidate" | "results_curate" | "admin")[] | null;
            revoked_at: string | null;
            username: string | null;
        };
        SessionTokenResponse: {
            expires_at: string;
            /** @description The session row id (what an admin revokes). */
            id: string;
            /** @description The same credential, under the name sim2l clients read. */
            session_id: string;
            /** @description The credential: send it as "Authorization: Bearer <token>" or "X-Session-ID: <token>". */
            token: string;
        };
        UpdateUserDto: {
            /** @description false deactivates the account: its sessions and tokens stop working. */
            active?: boolean;
            /** @description null removes the address. */
            email?: string | null;
            /** @enum {string} */
            role?: "user" | "developer" | "admin";
        };
        UserDeletedResponse: {
            /** @enum {string} */
            status: "deleted";
            username: string;
        };
        UserPage: {
            items: components["schemas"]["UserResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        UserResponse: {
            active: boolean;
            created_at: string;
            email: string | null;
            id: string;
            /** @enum {string} */
            role: "user" | "developer" | "admin";
            updated_at: string;
            username: string;
        };
        WhoAmIResponse: {
            expires_at: string;
            id: string;
            /** @enum {string} */
            kind: "login" | "anonymous" | "api_token";
            /** @description An API token's name. */
            name?: string | null;
            privileges: ("read" | "write" | "execute" | "run" | "catalog_update" | "cache_invalidate" | "results_curate" | "admin")[];
            /** @enum {string|null} */
            role: "user" | "developer" | "admin" | null;
            username: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    AccountController_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeOwnPasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordChangedResponse"];
                };
            };
        };
    };
    AuditController_list: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEntryPage"];
                };
            };
        };
    };
    HealthController_readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            /** @description A dependency does not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LivenessResponse"];
                };
            };
        };
    };
    SessionController_whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoAmIResponse"];
                };
            };
        };
    };
    SessionController_anonymous: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnonymousSessionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
        };
    };
    SessionController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
        };
    };
    SessionController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogoutResponse"];
                };
            };
        };
    };
    OidcController_callback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description When the login has no redirect_uri. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description To the client's redirect_uri, with a one-time code. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OidcController_device: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OidcDeviceResponse"];
                };
            };
        };
    };
    OidcController_deviceToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OidcDeviceTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OidcDevicePendingResponse"];
                };
            };
        };
    };
    OidcController_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's login page. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OidcController_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OidcTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
        };
    };
    SessionController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionTokenResponse"];
                };
            };
        };
    };
    LoginOptionsController_options: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginOptionsResponse"];
                };
            };
        };
    };
    SessionsController_list: {
        parameters: {
            query?: {
                /** @description Include revoked and expired sessions. */
                include_inactive?: boolean;
                kind?: "login" | "anonymous" | "api_token";
                limit?: number;
                offset?: number;
                username?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionPage"];
                };
            };
        };
    };
    SessionsController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedResponse"];
                };
            };
        };
    };
    TokensController_list: {
        parameters: {
            query?: {
                /** @description Admins: every user’s tokens. */
                all?: boolean;
                /** @description Include revoked and expired tokens. */
                include_inactive?: boolean;
                limit?: number;
                offset?: number;
                /** @description Admins: another user's tokens. */
                username?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionPage"];
                };
            };
        };
    };
    TokensController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedTokenResponse"];
                };
            };
        };
    };
    TokensController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedResponse"];
                };
            };
        };
    };
    UsersController_list: {
        parameters: {
            query?: {
                active?: boolean;
                limit?: number;
                offset?: number;
                role?: "user" | "developer" | "admin";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
        };
    };
    UsersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    UsersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    UsersController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDeletedResponse"];
                };
            };
        };
    };
    UsersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
    UsersController_setPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordChangedResponse"];
                };
            };
        };
    };
}
