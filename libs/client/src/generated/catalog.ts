// Generated from docs/openapi/catalog.json by openapi-typescript (`node tools/api-docs.js`); do not edit.
export interface paths {
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first: every registration, change and deletion of a simulation, who made it, when, and what changed. Filter by simulation_id, name, action, username. */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorded executions, newest first, by simulation_id and username. */
        get: operations["ExecutionsController_list"];
        put?: never;
        /** Record an execution (execute or run privilege): 201 {status: "recorded"}. Idempotent on execution_id; the user is the session's. */
        post: operations["ExecutionsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/executions/{executionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recorded execution. */
        get: operations["ExecutionsController_get"];
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
    "/installations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Known installations, most recently seen first. */
        get: operations["InstallationsController_list"];
        put?: never;
        /** An installation reports itself (and optionally its simulations, which are synced on the queue): 201 {installation_id, status, sync}. */
        post: operations["InstallationsController_report"];
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
    "/simulations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a simulation version: 201 {id, status: "registered"}; 409 when the name and version exist; 400 naming every problem in the schemas or bundle. */
        post: operations["SimulationsController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a simulation version and its executions (admin): {status: "deleted", …}. Audited. */
        delete: operations["SimulationsController_remove"];
        options?: never;
        head?: never;
        /** Change tags, dependencies, metadata, schemas, workflow, description, status, visibility, license…: {status: "updated", changed, ignored_keys?}. Audited. */
        patch: operations["SimulationsController_update"];
        trace?: never;
    };
    "/simulations/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One simulation's executions: {total_executions, successful, failed, cached, success_rate, avg_duration, min_duration, max_duration}. */
        get: operations["StatsController_simulation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One simulation by name: the given version, or the latest in version order (1.10.0 after 1.9.0). */
        get: operations["SimulationsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of a simulation, latest first: {name, latest, count, versions}. */
        get: operations["SimulationsController_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulations/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search name, description and tags, ranked: a bare JSON array (what sim2l reads); the number of matches in X-Total-Count. */
        get: operations["SimulationsController_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/statistics/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The whole catalog: {total_simulations, active_simulations, total_executions, successful_executions, cached_executions, …}. */
        get: operations["StatsController_overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a waiting simulation: {status: "approved", sync_id, simulation_id}. */
        post: operations["SyncController_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn a waiting simulation down, with a reason: {status: "rejected", sync_id}. */
        post: operations["SyncController_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/auto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report simulations to sync: checked now, processed on the queue (registered for a catalog_update caller, otherwise queued for an admin). 202 {status: "queued", job_id, items}. */
        post: operations["SyncController_auto"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your sync jobs (admins: anyone's): its state and, once completed, {registered, queued, existing}. */
        get: operations["SyncController_job"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reported simulations waiting for an admin (status=pending, approved, rejected, all). */
        get: operations["SyncController_list"];
        put?: never;
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
        AuditRecord: {
            /** @enum {string} */
            action: "registered" | "updated" | "deleted";
            /** @description What changed, field by field. */
            changes: {
                [key: string]: unknown;
            };
            created_at: string;
            id: number;
            name: string;
            simulation_id: number;
            username: string;
            version: string;
        };
        AuditRecordPage: {
            items: components["schemas"]["AuditRecord"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        AutoSyncDto: {
            installation_id?: string;
            simulations?: components["schemas"]["RegisterSimulationDto"][];
        };
        AutoSyncResponse: {
            /** @description How many simulations it carries. */
            items: number;
            job_id: string;
            /** @enum {string} */
            status: "queued";
        };
        BundleFileResponse: {
            content_base64: string;
            /** @enum {string} */
            encoding: "base64";
            path: string;
            sha256: string;
            size_bytes: number;
        };
        CatalogOverviewResponse: {
            active_simulations: number;
            archived_simulations: number;
            cached_executions: number;
            deprecated_simulations: number;
            distinct_names: number;
            failed_executions: number;
            installations: number;
            pending_sync: number;
            successful_executions: number;
            total_executions: number;
            total_simulations: number;
        };
        DeletedSimulationResponse: {
            deleted_executions: number;
            id: number;
            name: string;
            /** @enum {string} */
            status: "deleted";
            version: string;
        };
        ExecutionPage: {
            items: components["schemas"]["ExecutionResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        ExecutionResponse: {
            artifact_count: number | null;
            cache_hit: boolean;
            completed_at: string | null;
            duration_seconds: number | null;
            environment: {
                [key: string]: unknown;
            } | null;
            error_count: number | null;
            execution_id: string;
            executor_type: string | null;
            id: number;
            input_hash: string | null;
            /**
             * @description What status means for the stats.
             * @enum {string}
             */
            outcome: "success" | "failed" | "other";
            output_count: number | null;
            recorded_at: string;
            run_db_path: string | null;
            run_db_size_bytes: number | null;
            simulation_id: number;
            squid_id: string | null;
            started_at: string | null;
            /** @description As the executor reported it. */
            status: string;
            username: string;
            warning_count: number | null;
        };
        HealthResponse: {
            /** @example results */
            service: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy";
        };
        InstallationPage: {
            items: components["schemas"]["InstallationResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        InstallationReportDto: {
            hostname?: string;
            /** @description Stable id of the installation; one is made up when absent. */
            installation_id?: string;
            metadata?: {
                [key: string]: unknown;
            };
            platform?: string;
            /** @description The tools it has; new ones are synced. */
            simulations?: components["schemas"]["RegisterSimulationDto"][];
        };
        InstallationReportResponse: {
            installation_id: string;
            /** @enum {string} */
            status: "registered" | "updated";
            /** @description When simulations were reported. */
            sync: components["schemas"]["QueuedSyncResponse"] | null;
        };
        InstallationResponse: {
            /** @description Other reported fields. */
            details: {
                [key: string]: unknown;
            } | null;
            first_seen_at: string;
            hostname: string | null;
            installation_id: string;
            last_seen_at: string;
            platform: string | null;
            reported_by: string;
            simulation_count: number;
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
        QueuedSimulation: {
            name: string;
            /** @description The sync item waiting for an admin. */
            sync_id: number;
            version: string;
        };
        QueuedSyncResponse: {
            /** @description How many simulations it carries. */
            items: number;
            job_id: string;
        };
        RecordedExecutionResponse: {
            /** @description True when that execution id was recorded before (idempotent). */
            already_recorded?: boolean;
            execution_id: string;
            id: number;
            /** @enum {string} */
            status: "recorded";
        };
        RecordExecutionDto: {
            artifact_count?: number | null;
            cache_hit?: boolean | null;
            /** @description ISO 8601; without a zone, UTC. */
            completed_at?: string | null;
            duration_seconds?: number | null;
            environment?: {
                [key: string]: unknown;
            } | null;
            error_count?: number | null;
            /** @example exec-2024-001 */
            execution_id: string;
            /** @example local */
            executor_type?: string | null;
            input_hash?: string | null;
            output_count?: number | null;
            run_db_path?: string | null;
            run_db_size_bytes?: number | null;
            /** @example 42 */
            simulation_id: number;
            squid_id?: string | null;
            /** @description ISO 8601; without a zone, UTC. */
            started_at?: string | null;
            /**
             * @description success, completed, failed, error, running, …
             * @example success
             */
            status: string;
            warning_count?: number | null;
        };
        RegisteredSimulationResponse: {
            id: number;
            name: string;
            /** @enum {string} */
            status: "registered";
            version: string;
            workflow_hash: string | null;
        };
        RegisterSimulationDto: {
            author?: string | null;
            author_email?: string | null;
            /** @description In an auto-sync report: false puts the tool before an admin even when the caller could register it. */
            auto_approve?: boolean | null;
            /** @description A list or an object. */
            dependencies?: (unknown[] | {
                [key: string]: unknown;
            }) | null;
            description?: string | null;
            documentation_url?: string | null;
            /**
             * @example {
             *       "temperature": {
             *         "type": "Number",
             *         "units": "K",
             *         "min": 0,
             *         "max": 2000,
             *         "value": 300
             *       }
             *     }
             */
            input_schema?: {
                [key: string]: unknown;
            } | null;
            installation_id?: string | null;
            license?: string | null;
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** @example thermal_sim */
            name: string;
            organization?: string | null;
            output_schema?: {
                [key: string]: unknown;
            } | null;
            repository_url?: string | null;
            /**
             * @default active
             * @enum {string|null}
             */
            status?: "active" | "deprecated" | "archived" | null;
            /**
             * @example [
             *       "thermal",
             *       "fem"
             *     ]
             */
            tags?: string[] | null;
            /** @example 1.0.0 */
            version: string;
            /**
             * @default public
             * @enum {string|null}
             */
            visibility?: "public" | "internal" | "private" | null;
            /** @description {format_version, workflow_type, entrypoint, files: [{path, encoding: "base64", content_base64, size_bytes, sha256}]} */
            workflow_bundle?: {
                [key: string]: unknown;
            } | null;
            workflow_entrypoint?: string | null;
            /** @description Plain-text files; become the bundle. */
            workflow_files?: components["schemas"]["WorkflowFileDto"][] | null;
            /** @description Computed from the files when absent. */
            workflow_hash?: string | null;
            /** @enum {string|null} */
            workflow_type?: "notebook" | "function" | "dag" | null;
        };
        RejectDto: {
            /** @example duplicate of heat_solver */
            reason?: string;
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
        SimulationResponse: {
            author: string | null;
            author_email: string | null;
            bundle_size_bytes: number;
            created_at: string;
            created_by: string;
            /** @description A list or a map of what the simulation needs; null when not given. */
            dependencies: (unknown[] | {
                [key: string]: unknown;
            }) | null;
            description: string | null;
            documentation_url: string | null;
            id: number;
            /**
             * @example {
             *       "temperature": {
             *         "type": "Number",
             *         "units": "K",
             *         "min": 0
             *       }
             *     }
             */
            input_schema: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            installation_id: string | null;
            license: string | null;
            metadata: {
                [key: string]: unknown;
            } | null;
            /** @example thermal_sim */
            name: string;
            organization: string | null;
            /**
             * @example {
             *       "temperature": {
             *         "type": "Number",
             *         "units": "K",
             *         "min": 0
             *       }
             *     }
             */
            output_schema: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            repository_url: string | null;
            /** @enum {string} */
            status: "active" | "deprecated" | "archived";
            tags: string[];
            updated_at: string;
            /** @example 1.0.0 */
            version: string;
            /** @enum {string} */
            visibility: "public" | "internal" | "private";
            /** @description On a single simulation (get), never in searches or version lists. */
            workflow_bundle?: components["schemas"]["WorkflowBundleResponse"] | null;
            workflow_hash: string | null;
            /** @enum {string|null} */
            workflow_type: "notebook" | "function" | "dag" | null;
        };
        SimulationStatsResponse: {
            /** @description Seconds. */
            avg_duration: number | null;
            cached: number;
            failed: number;
            last_execution_at: string | null;
            max_duration: number | null;
            min_duration: number | null;
            name: string;
            simulation_id: number;
            /** @description successful / total, 0 when there is none. */
            success_rate: number;
            successful: number;
            total_executions: number;
            version: string;
        };
        SimulationVersionsResponse: {
            count: number;
            /** @description The latest version, in version order. */
            latest: string;
            name: string;
            /** @description Latest first. */
            versions: components["schemas"]["SimulationResponse"][];
        };
        SyncApprovedResponse: {
            simulation_id: number;
            /** @enum {string} */
            status: "approved";
            sync_id: number;
        };
        SyncedSimulation: {
            /** @description The catalog's simulation id. */
            id: number;
            name: string;
            version: string;
        };
        SyncItemPage: {
            items: components["schemas"]["SyncItemResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        SyncItemResponse: {
            decided_at: string | null;
            decided_by: string | null;
            description: string | null;
            id: number;
            installation_id: string | null;
            name: string;
            reason: string | null;
            simulation_id: number | null;
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            submitted_at: string;
            submitted_by: string;
            tags: string[];
            version: string;
            workflow_hash: string | null;
        };
        SyncJobResponse: {
            error?: string;
            id: string;
            name: string;
            progress: number | {
                [key: string]: unknown;
            };
            queue: string;
            /** @description Once completed. */
            result?: components["schemas"]["SyncResultResponse"];
            /** @enum {string} */
            state: "waiting" | "active" | "completed" | "failed" | "delayed" | "unknown";
        };
        SyncRejectedResponse: {
            /** @enum {string} */
            status: "rejected";
            sync_id: number;
        };
        SyncResultResponse: {
            existing: components["schemas"]["SyncedSimulation"][];
            queued: components["schemas"]["QueuedSimulation"][];
            registered: components["schemas"]["SyncedSimulation"][];
        };
        UpdatedSimulationResponse: {
            changed: string[];
            id: number;
            /** @description Keys sent that cannot be changed (ignored). */
            ignored_keys?: string[];
            /** @enum {string} */
            status: "updated";
        };
        UpdateSimulationDto: {
            author?: string | null;
            author_email?: string | null;
            /** @description A list or an object. */
            dependencies?: (unknown[] | {
                [key: string]: unknown;
            }) | null;
            description?: string | null;
            documentation_url?: string | null;
            /**
             * @example {
             *       "temperature": {
             *         "type": "Number",
             *         "units": "K",
             *         "min": 0,
             *         "max": 2000,
             *         "value": 300
             *       }
             *     }
             */
            input_schema?: {
                [key: string]: unknown;
            } | null;
            license?: string | null;
            metadata?: {
                [key: string]: unknown;
            } | null;
            organization?: string | null;
            output_schema?: {
                [key: string]: unknown;
            } | null;
            repository_url?: string | null;
            /**
             * @default active
             * @enum {string|null}
             */
            status?: "active" | "deprecated" | "archived" | null;
            /**
             * @example [
             *       "thermal",
             *       "fem"
             *     ]
             */
            tags?: string[] | null;
            /**
             * @default public
             * @enum {string|null}
             */
            visibility?: "public" | "internal" | "private" | null;
            /** @description {format_version, workflow_type, entrypoint, files: [{path, encoding: "base64", content_base64, size_bytes, sha256}]} */
            workflow_bundle?: {
                [key: string]: unknown;
            } | null;
            workflow_entrypoint?: string | null;
            /** @description Plain-text files; become the bundle. */
            workflow_files?: components["schemas"]["WorkflowFileDto"][] | null;
            /** @description Computed from the files when absent. */
            workflow_hash?: string | null;
            /** @enum {string|null} */
            workflow_type?: "notebook" | "function" | "dag" | null;
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
        WorkflowBundleResponse: {
            entrypoint: string | null;
            files: components["schemas"]["BundleFileResponse"][];
            format_version: number;
            workflow_type: string | null;
        };
        WorkflowFileDto: {
            /** @description The file as plain text. */
            content: string;
            /** @example workflow.py */
            path: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    AuditController_list: {
        parameters: {
            query?: {
                action?: "registered" | "updated" | "deleted";
                limit?: number;
                name?: string;
                offset?: number;
                simulation_id?: number;
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
                    "application/json": components["schemas"]["AuditRecordPage"];
                };
            };
        };
    };
    ExecutionsController_list: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                simulation_id?: number;
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
                    "application/json": components["schemas"]["ExecutionPage"];
                };
            };
        };
    };
    ExecutionsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordExecutionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedExecutionResponse"];
                };
            };
        };
    };
    ExecutionsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                executionId: string;
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
                    "application/json": components["schemas"]["ExecutionResponse"];
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
    InstallationsController_list: {
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
                    "application/json": components["schemas"]["InstallationPage"];
                };
            };
        };
    };
    InstallationsController_report: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallationReportDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstallationReportResponse"];
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
    SimulationsController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterSimulationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredSimulationResponse"];
                };
            };
        };
    };
    SimulationsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["DeletedSimulationResponse"];
                };
            };
        };
    };
    SimulationsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSimulationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdatedSimulationResponse"];
                };
            };
        };
    };
    StatsController_simulation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["SimulationStatsResponse"];
                };
            };
        };
    };
    SimulationsController_get: {
        parameters: {
            query?: {
                /** @description A version; without it, the latest (in version order). */
                version?: string;
            };
            header?: never;
            path: {
                name: string;
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
                    "application/json": components["schemas"]["SimulationResponse"];
                };
            };
        };
    };
    SimulationsController_versions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
                    "application/json": components["schemas"]["SimulationVersionsResponse"];
                };
            };
        };
    };
    SimulationsController_search: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Same as query. */
                q?: string;
                /** @description Words (each matched from its start), "phrases", -excluded words, tag:name. Over name, description and tags; ranked. */
                query?: string;
                /** @description active (default), deprecated, archived, all, or a comma-separated list. */
                status?: string[];
                /** @description Match any of the tags, or all. */
                tag_mode?: "any" | "all";
                /** @description Comma-separated tags. */
                tags?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description How many match, across every page. */
                    "X-Total-Count"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulationResponse"][];
                };
            };
        };
    };
    StatsController_overview: {
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
                    "application/json": components["schemas"]["CatalogOverviewResponse"];
                };
            };
        };
    };
    SyncController_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
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
                    "application/json": components["schemas"]["SyncApprovedResponse"];
                };
            };
        };
    };
    SyncController_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RejectDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncRejectedResponse"];
                };
            };
        };
    };
    SyncController_auto: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutoSyncDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoSyncResponse"];
                };
            };
        };
    };
    SyncController_job: {
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
                    "application/json": components["schemas"]["SyncJobResponse"];
                };
            };
        };
    };
    SyncController_list: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                status?: "pending" | "approved" | "rejected" | "all";
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
                    "application/json": components["schemas"]["SyncItemPage"];
                };
            };
        };
    };
}
