// Generated from docs/openapi/results.json by openapi-typescript (`node tools/api-docs.js`); do not edit.
export interface paths {
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
    "/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your registration jobs (admins: anyone's): its state (waiting, active, completed, failed), progress, result or error. */
        get: operations["RegistrationController_job"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/latest/{simulation}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LUTE's latest valid entry: the newest valid result of a simulation that did not fail (?version= for one version's), or with ?param=&class= only its value of that parameter. 404 with a sentence when there is none. */
        get: operations["LatestController_latest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a run: reads <run root>/<execution_id>.db (or run_db_path, which must lie under a run root), keeps the platform's copy, stores the result. {success, result_id, schema_id, …}; with async: true, 202 {job_id, status_url}. */
        post: operations["RegistrationController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/register_direct": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** sim2l's direct registration: the values, without a run file. A missing field answers 400 {error: "<field> required"}. */
        post: operations["RegistrationController_registerDirect"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/register/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register many run files under the run roots (a list, or every *.db in a directory) as one job: 202 {job_id, status_url, total}; GET /jobs/<id> gives its progress. */
        post: operations["RegistrationController_batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/register/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a run file sent as the request body (application/octet-stream), up to SIMVAULT_MAX_RUN_FILE_BYTES. Same answers as POST /register. */
        post: operations["RegistrationController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same search from a query string: ?filter=…&simulation_name=…&sort_by=…&fields=a,b. */
        get: operations["SearchController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One result with everything stored about it; 404 {error: "Result not found"}. */
        get: operations["ResultsController_get"];
        put?: never;
        post?: never;
        /** Delete a result and its values: its owner, or results_curate for anyone's (audited). {status: "deleted", execution_id}. */
        delete: operations["ResultsController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/invalidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a result invalid: kept and readable, left out of searches and statistics unless include_invalid. Its owner, or results_curate for anyone's (audited); a re-registration keeps the invalidation. */
        post: operations["ResultsController_invalidate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the run's log lines, oldest first, optionally only some levels; total and per-level counts. */
        get: operations["RunContentsController_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The metric names in the result's run file, with their point counts. */
        get: operations["RunContentsController_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/metrics/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One metric series (step, time, value) in time order, downsampled past max_points by min/max per bucket; the name URL-encoded (loss%2Ftrain). */
        get: operations["RunContentsController_series"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/run-file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the platform's copy of the result's run file (a SQLite database). */
        get: operations["ResultsController_runFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set tags on a result (key to value; other keys kept, a key's old value replaced). Its owner, or results_curate for anyone's (audited). Search them as tag.<key>. */
        put: operations["ResultsController_setTags"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/results/{executionId}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one tag of a result; 404 when it has none of that key. Its owner, or results_curate for anyone's (audited). */
        delete: operations["ResultsController_removeTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The simulations that have results, with how many results and versions each. */
        get: operations["StatsController_simulations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schemas/{simulation}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A simulation's parameters as its runs show them: each with class, the kinds of value it holds, declared type, units and observed range; and its versions with their schema ids and result counts. */
        get: operations["StatsController_schema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find results by their parameters: sim2l's input_filters/output_filters objects and/or a filter string, evaluated in SQL. {results, count, total, limit, offset}; the total is also in X-Total-Count. */
        post: operations["SearchController_find"];
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
    "/stats/{simulation}/{param}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Statistics of one parameter over a simulation's valid runs that did not fail (?class=output|input, ?version=, ?bins=, ?status=completed,failed or all, ?include_invalid=true): sim2l's {param_name, param_type, min_value, max_value, avg_value, count} plus stddev, percentiles and a histogram for numbers, value counts for strings and booleans. An unknown parameter answers {param_name, count: 0}. */
        get: operations["StatsController_parameter"];
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
        BatchDto: {
            /** @description A directory under the run roots: every *.db / *.sqlite file in it. */
            directory?: string;
            /** @description Run files under the run roots. */
            paths?: string[];
            /**
             * @description With directory: its subdirectories too.
             * @default false
             */
            recursive?: boolean;
        };
        BatchFailureResponse: {
            error: string;
            path: string;
            status_code: number;
        };
        BatchProgressResponse: {
            done: number;
            failed: number;
            registered: number;
            total: number;
        };
        BatchResultResponse: {
            done: number;
            failed: number;
            /** @description The first failures (all are counted). */
            failures: components["schemas"]["BatchFailureResponse"][];
            registered: number;
            total: number;
        };
        HealthResponse: {
            /** @example results */
            service: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy";
        };
        HistogramBin: {
            count: number;
            lower: number;
            upper: number;
        };
        InvalidateDto: {
            /** @example wrong mesh */
            reason: string;
        };
        InvalidationResponse: {
            invalidated_at: string | null;
            reason: string | null;
        };
        LatestValue: {
            created_at: string | null;
            execution_id: string;
            /** @enum {string} */
            param_class: "input" | "output";
            param_name: string;
            simulation_name: string;
            simulation_version: string;
            /** @description The value as registered (any JSON). */
            value: (string | number | boolean | {
                [key: string]: unknown;
            } | unknown[]) | null;
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
        LogLineDto: {
            /** @description The JSON context the writer gave (cell, function, line…). */
            context: (string | number | boolean | {
                [key: string]: unknown;
            } | unknown[]) | null;
            exception_message: string | null;
            exception_type: string | null;
            id: number;
            /** @enum {string} */
            level: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
            logger: string | null;
            message: string;
            stack_trace: string | null;
            /** Format: date-time */
            time: string | null;
        };
        LogoutResponse: {
            /** @enum {string} */
            status: "logged_out";
        };
        LogPageResponse: {
            execution_id: string;
            /** @description Oldest first. */
            items: components["schemas"]["LogLineDto"][];
            /**
             * @description Lines per level in the whole run, whatever the filter.
             * @example {
             *       "INFO": 120,
             *       "WARNING": 3
             *     }
             */
            levels: {
                [key: string]: number;
            };
            limit: number;
            offset: number;
            /** @description Lines matching the level filter. */
            total: number;
        };
        MetricListResponse: {
            execution_id: string;
            metrics: components["schemas"]["MetricSummaryDto"][];
        };
        MetricPointDto: {
            /** @description The writer's metadata.step, else the point's position in time order (from 0). */
            step: number;
            /** Format: date-time */
            time: string | null;
            /** @description null for NaN or ±Infinity. */
            value: number | null;
        };
        MetricSeriesResponse: {
            /** @description Points in the run file. */
            count: number;
            /** @description True when points holds fewer than count (min/max per bucket). */
            downsampled: boolean;
            execution_id: string;
            max_points: number;
            name: string;
            points: components["schemas"]["MetricPointDto"][];
            unit: string | null;
        };
        MetricSummaryDto: {
            /** @example custom */
            category: string | null;
            /** @description Points the run file holds for this name. */
            count: number;
            name: string;
            unit: string | null;
        };
        ParameterStatsResponse: {
            avg_value?: number;
            count: number;
            declared_type?: string | null;
            distinct_values?: number;
            histogram?: components["schemas"]["HistogramBin"][];
            /** @description How many values of each kind (number, string, boolean). */
            kinds?: {
                [key: string]: number;
            };
            max_value?: number;
            min_value?: number;
            /** @enum {string} */
            param_class: "input" | "output";
            param_name: string;
            /** @description number, string or boolean. */
            param_type?: string;
            /** @description p1, p5, p25, p50, p75, p95, p99. */
            percentiles?: {
                [key: string]: number;
            };
            simulation_name?: string;
            stddev?: number | null;
            units?: string | null;
            /** @description The most frequent values first. */
            value_counts?: components["schemas"]["ValueCount"][];
        };
        QueuedAnswer: {
            job_id: string;
            /** @enum {string} */
            status: "queued";
            status_url: string;
            /** @enum {boolean} */
            success: true;
            /** @description How many run files a batch holds. */
            total?: number;
        };
        RegisterAnswer: {
            /** @description Sentences about the catalog link: a version it does not know, a check or record not made. */
            catalog_notes: string[];
            checksum: string | null;
            execution_id: string;
            result_id: number;
            run_file: string | null;
            schema_id: number | null;
            /** @description The catalog schema check: true, false (see schema_warnings) or null when not checked. */
            schema_ok: boolean | null;
            schema_warnings: components["schemas"]["SchemaWarningResponse"][];
            /** @description The catalog's id of the simulation version, when it knows it. */
            simulation_id: number | null;
            squid_id: string;
            /** @enum {boolean} */
            success: true;
            valid: boolean;
        };
        RegisterDirectAnswer: {
            /** @description Sentences about the catalog link: a version it does not know, a check or record not made. */
            catalog_notes: string[];
            execution_id: string;
            result_id: number;
            schema_id: number | null;
            /** @description The catalog schema check: true, false (see schema_warnings) or null when not checked. */
            schema_ok: boolean | null;
            schema_warnings: components["schemas"]["SchemaWarningResponse"][];
            /** @description The catalog's id of the simulation version, when it knows it. */
            simulation_id: number | null;
            squid_id: string;
            /** @enum {boolean} */
            success: true;
            valid: boolean;
        };
        RegisterDirectDto: {
            duration_seconds?: number | null;
            /** @example exec-2024-002 */
            execution_id: string | null;
            /**
             * @example {
             *       "temperature": 350
             *     }
             */
            input_params: {
                [key: string]: unknown;
            } | null;
            metadata?: {
                [key: string]: unknown;
            } | null;
            /**
             * @example {
             *       "max_stress": 150000000
             *     }
             */
            output_params: {
                [key: string]: unknown;
            } | null;
            /** @description Kept as the source path; no file is read. */
            run_db_path?: string | null;
            /** @example thermal_sim */
            simulation_name: string | null;
            /** @example 1.0.0 */
            simulation_version: string | null;
            squid_id?: string | null;
            /** @example completed */
            status: string | null;
        };
        RegisterDto: {
            /**
             * @description Answer 202 with a job id at once; GET /jobs/<id> follows it.
             * @default false
             */
            async?: boolean;
            /** @example exec-2024-001 */
            execution_id: string;
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** @description The run file, absolute or relative to a run root; default <run root>/<execution_id>.db. */
            run_db_path?: string | null;
            /** @description Default: the run file's squid_id, else name/version/execution_id. */
            squid_id?: string | null;
        };
        RegistrationJobResponse: {
            error: string | null;
            job_id: string;
            name: string;
            /** @description A batch: {done, total, registered, failed}; a single file: a number. */
            progress: number | components["schemas"]["BatchProgressResponse"];
            /** @description The job's answer once completed: POST /register's for a file, the counts for a batch. */
            result: (components["schemas"]["RegisterAnswer"] | components["schemas"]["BatchResultResponse"]) | null;
            /** @enum {string} */
            state: "waiting" | "active" | "completed" | "failed" | "delayed" | "unknown";
        };
        ResultDeletedResponse: {
            execution_id: string;
            /** @enum {string} */
            status: "deleted";
        };
        ResultDetailResponse: {
            completed_at: string | null;
            created_at: string | null;
            duration_seconds: number | null;
            error_message: string | null;
            execution_id: string;
            id: number;
            input_params: {
                [key: string]: unknown;
            };
            invalidation: components["schemas"]["InvalidationResponse"] | null;
            metadata: {
                [key: string]: unknown;
            } | null;
            output_params: {
                [key: string]: unknown;
            };
            registered_by: string | null;
            /** @description sim2l's field: where the run database is: the platform's own copy, else the path given. */
            run_db_path: string | null;
            run_file: components["schemas"]["RunFileResponse"] | null;
            schema_id: number | null;
            /** @description Whether the values agree with the catalog version's schema (null: not checked). */
            schema_ok: boolean | null;
            schema_warnings: {
                [key: string]: unknown;
            }[];
            simulation_name: string;
            simulation_version: string;
            source: string;
            source_path: string | null;
            squid_id: string;
            started_at: string | null;
            status: string;
            /** @description The result's tags, key to value. */
            tags: {
                [key: string]: string;
            };
            updated_at: string | null;
            valid: boolean;
        };
        ResultInvalidatedResponse: {
            execution_id: string;
            reason: string;
            /** @enum {string} */
            status: "invalidated";
        };
        ResultTagsResponse: {
            execution_id: string;
            /**
             * @example {
             *       "project": "wing-2"
             *     }
             */
            tags: {
                [key: string]: string;
            };
        };
        RunFileResponse: {
            checksum: string;
            /** @description Where to download the run file. */
            download: string;
            size_bytes: number | null;
        };
        SchemaParameterResponse: {
            /** @enum {string} */
            class: "input" | "output";
            declared_type: string | null;
            kinds: string[];
            max: number | null;
            min: number | null;
            name: string;
            /** @description The kind that can be compared most. */
            type: string | null;
            units: string | null;
        };
        SchemaVersionResponse: {
            results: number;
            schema_id: number | null;
            simulation_version: string;
        };
        SchemaWarningResponse: {
            /** @enum {string} */
            class: "input" | "output";
            message: string;
            param: string;
            /** @enum {string} */
            problem: "type" | "units" | "min" | "max" | "options" | "required" | "undeclared";
        };
        SearchAnswer: {
            /** @description How many results this page holds (sim2l's field). */
            count: number;
            limit: number;
            offset: number;
            results: components["schemas"]["SearchRowResponse"][];
            /** @description How many results match in all. */
            total: number;
        };
        SearchDto: {
            /**
             * @description Return only these fields of each result (inputs.<name> and outputs.<name> pick single parameters).
             * @example [
             *       "execution_id",
             *       "inputs.temperature",
             *       "outputs.max_stress"
             *     ]
             */
            fields?: string[];
            /** @description A filter for people: `inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))`. AND, OR, NOT, parentheses, = != < <= > >=, IN, NOT IN, IS [NOT] NULL; fields inputs.<name>, outputs.<name>, status, simulation_name, simulation_version, execution_id, squid_id, duration_seconds, created_at, completed_at, schema_ok. */
            filter?: string | null;
            /**
             * @description Include invalidated runs.
             * @default false
             */
            include_invalid?: boolean;
            /**
             * @description Input name → value (equality) or {$gt, $gte, $lt, $lte, $eq, $ne, $in, $nin, $exists: value}.
             * @example {
             *       "temperature": {
             *         "$gte": 300,
             *         "$lt": 400
             *       }
             *     }
             */
            input_filters?: {
                [key: string]: unknown;
            } | null;
            /** @default 100 */
            limit?: number;
            /** @default 0 */
            offset?: number;
            /**
             * @example {
             *       "converged": true
             *     }
             */
            output_filters?: {
                [key: string]: unknown;
            } | null;
            simulation_name?: string | null;
            simulation_version?: string | null;
            /** @description created_at, completed_at, duration_seconds, status, execution_id, …, or inputs.<name> / outputs.<name>; by default newest registration first. */
            sort_by?: string;
            /**
             * @default desc
             * @enum {string}
             */
            sort_order?: "asc" | "desc";
            /** @example completed */
            status?: string | null;
        };
        SearchRowResponse: {
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            created_at?: string | null;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            duration_seconds?: number | null;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            execution_id?: string;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). With inputs.<name> / outputs.<name> in fields, only those parameters. */
            input_params?: {
                [key: string]: unknown;
            };
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). With inputs.<name> / outputs.<name> in fields, only those parameters. */
            output_params?: {
                [key: string]: unknown;
            };
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). The platform's copy of the run file, null when it holds none. */
            run_db_path?: string | null;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            simulation_name?: string;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            simulation_version?: string;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            squid_id?: string;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            status?: string;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            updated_at?: string | null;
            /** @description Present when asked for in fields (by default every field but updated_at, metadata and run_db_path). */
            valid?: boolean;
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
        SetTagsDto: {
            /**
             * @description Tags to set, key to value; other tags of the result are kept. Keys: 1 to 64 letters, digits or underscores, not starting with a digit; values: 1 to 256 characters without control characters.
             * @example {
             *       "project": "wing-2",
             *       "campaign": "spring"
             *     }
             */
            tags: {
                [key: string]: string;
            };
        };
        SimulationResultsResponse: {
            /** @description Valid results. */
            results: number;
            simulation_name: string;
            versions: number;
        };
        SimulationSchemaResponse: {
            parameters: components["schemas"]["SchemaParameterResponse"][];
            results: number;
            simulation_name: string;
            versions: components["schemas"]["SchemaVersionResponse"][];
        };
        ValueCount: {
            count: number;
            value: string | boolean;
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
    RegistrationController_job: {
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
                    "application/json": components["schemas"]["RegistrationJobResponse"];
                };
            };
        };
    };
    LatestController_latest: {
        parameters: {
            query?: {
                /** @description The parameter's class. */
                class?: "input" | "output";
                /** @description Answer only this parameter of the latest result. */
                param?: string;
                /** @description Only results of this version. */
                version?: string;
            };
            header?: never;
            path: {
                simulation: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description With ?param=: that value of the latest result; without: the whole result, as GET /results/{id}. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LatestValue"];
                };
            };
        };
    };
    RegistrationController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisterAnswer"];
                };
            };
            /** @description With async: true, the job to follow. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedAnswer"];
                };
            };
        };
    };
    RegistrationController_registerDirect: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDirectDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisterDirectAnswer"];
                };
            };
        };
    };
    RegistrationController_batch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedAnswer"];
                };
            };
        };
    };
    RegistrationController_upload: {
        parameters: {
            query?: {
                async?: boolean;
                /** @description When given, the file must hold this execution. */
                execution_id?: string;
                squid_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The run file itself. */
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisterAnswer"];
                };
            };
            /** @description With async: true, the job to follow. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedAnswer"];
                };
            };
        };
    };
    SearchController_list: {
        parameters: {
            query?: {
                /** @description Comma-separated, e.g. execution_id,inputs.temperature */
                fields?: string[];
                /** @description A filter for people: `inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))`. AND, OR, NOT, parentheses, = != < <= > >=, IN, NOT IN, IS [NOT] NULL; fields inputs.<name>, outputs.<name>, status, simulation_name, simulation_version, execution_id, squid_id, duration_seconds, created_at, completed_at, schema_ok. */
                filter?: string | null;
                include_invalid?: boolean;
                limit?: number;
                offset?: number;
                simulation_name?: string | null;
                simulation_version?: string | null;
                /** @description created_at, completed_at, duration_seconds, status, execution_id, …, or inputs.<name> / outputs.<name>; by default newest registration first. */
                sort_by?: string;
                sort_order?: "asc" | "desc";
                status?: string | null;
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
                    "application/json": components["schemas"]["SearchAnswer"];
                };
            };
        };
    };
    ResultsController_get: {
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
                    "application/json": components["schemas"]["ResultDetailResponse"];
                };
            };
        };
    };
    ResultsController_remove: {
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
                    "application/json": components["schemas"]["ResultDeletedResponse"];
                };
            };
        };
    };
    ResultsController_invalidate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                executionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvalidateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResultInvalidatedResponse"];
                };
            };
        };
    };
    RunContentsController_logs: {
        parameters: {
            query?: {
                /** @description Only these levels, comma-separated, any case (DEBUG, INFO, WARNING, ERROR, CRITICAL). */
                level?: string;
                limit?: number;
                offset?: number;
            };
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
                    "application/json": components["schemas"]["LogPageResponse"];
                };
            };
        };
    };
    RunContentsController_metrics: {
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
                    "application/json": components["schemas"]["MetricListResponse"];
                };
            };
        };
    };
    RunContentsController_series: {
        parameters: {
            query?: {
                /** @description At most this many points: a longer series is cut into max_points/2 buckets of consecutive points, each keeping its lowest and highest point. */
                max_points?: number;
            };
            header?: never;
            path: {
                executionId: string;
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
                    "application/json": components["schemas"]["MetricSeriesResponse"];
                };
            };
        };
    };
    ResultsController_runFile: {
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
            /** @description The bytes, streamed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.sqlite3": string;
                };
            };
        };
    };
    ResultsController_setTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                executionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetTagsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResultTagsResponse"];
                };
            };
        };
    };
    ResultsController_removeTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                executionId: string;
                key: string;
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
                    "application/json": components["schemas"]["ResultTagsResponse"];
                };
            };
        };
    };
    StatsController_simulations: {
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
                    "application/json": components["schemas"]["SimulationResultsResponse"][];
                };
            };
        };
    };
    StatsController_schema: {
        parameters: {
            query?: {
                /** @description Count invalidated runs too. */
                include_invalid?: boolean;
            };
            header?: never;
            path: {
                simulation: string;
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
                    "application/json": components["schemas"]["SimulationSchemaResponse"];
                };
            };
        };
    };
    SearchController_find: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchAnswer"];
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
    StatsController_parameter: {
        parameters: {
            query?: {
                /** @description Histogram bins. */
                bins?: number;
                /** @description sim2l's param_class. */
                class?: "input" | "output";
                /** @description Count invalidated runs too. */
                include_invalid?: boolean;
                /** @description Only runs of these statuses (comma-separated), or `all`. Without it, every run but the failed ones (failed, error, crashed, timeout, cancelled, aborted, …). */
                status?: string;
                /** @description Only runs of this simulation version. */
                version?: string;
            };
            header?: never;
            path: {
                param: string;
                simulation: string;
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
                    "application/json": components["schemas"]["ParameterStatsResponse"];
                };
            };
        };
    };
}
