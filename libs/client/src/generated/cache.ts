// Generated from docs/openapi/cache.json by openapi-typescript (`node tools/api-docs.js`); do not edit.
export interface paths {
    "/buffers/{checksum}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The buffer's bytes, streamed (404 when not stored). */
        get: operations["BuffersController_get"];
        /** Store a buffer: the body is streamed to disk while hashed and kept only if it matches the checksum (400 otherwise) and is within the store's size limit (413 otherwise; SIMVAULT_BUFFER_MAX_BYTES). 201 when stored, 200 when it already existed. */
        put: operations["BuffersController_put"];
        post?: never;
        /** Delete a buffer from the writable store (404 when absent; 409 when only a read-only directory holds it). */
        delete: operations["BuffersController_remove"];
        options?: never;
        /** Whether the buffer is stored (200 with its Content-Length, or 404). */
        head: operations["BuffersController_head"];
        patch?: never;
        trace?: never;
    };
    "/buffers/{checksum}/filename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The buffer's path on disk, when the store is in one of the caller's file zones (?zones=a,b): a client on that file system can hard-link it instead of downloading. 404 otherwise. */
        get: operations["BuffersController_filename"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/buffers/has": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Which of these checksums the store holds, in one request. */
        post: operations["BuffersController_has"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/buffers/lengths": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The length of each of these buffers (null when not stored), in one request. */
        post: operations["BuffersController_lengths"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Store (or replace) an entry: where the result of a run with these inputs lives. Replacing someone else's entry needs cache_invalidate (audited). {success: true, cache_key, expires_at}, plus warnings when the catalog does not know simulation_id (422 instead with SIMVAULT_CACHE_UNKNOWN_SIMULATIONS=refuse). */
        post: operations["CacheController_store"];
        /** Delete every entry (admin). {deleted}. */
        delete: operations["CacheController_clear"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Look up a key: 200 with the entry on a hit, 404 {error: "Not found"} on a miss, expiry or invalidation. */
        get: operations["CacheController_get"];
        put?: never;
        post?: never;
        /** Delete one entry. {deleted_count, cache_key}, or 404. */
        delete: operations["CacheController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List entries, newest first, by simulation_id, simulation_name, status and execution_id; {entries, total, limit, offset}. */
        get: operations["CacheController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Why a lookup missed: ?key= (what its entry is now: hit, expired when, invalidated by whom and why) and/or ?simulation=&version=&inputs={json}: the live entries of that simulation nearest to those inputs (same version first) with exactly which inputs differ, read from the registered runs' parameters. */
        get: operations["ExplainController_explain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/invalidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invalidate live entries by simulation_id, simulation_name, simulation_version and/or key pattern (or all: true, admin), with a reason. Logged. */
        post: operations["InvalidationController_invalidate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/invalidations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invalidation log, newest first: who, when, filter, reason, count. */
        get: operations["InvalidationController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hit and miss counts, hit rate, entries by status, size and time saved; overall (with the busiest simulations) or for one simulation_id. */
        get: operations["StatsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/cache/stats/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The statistics over time: hourly buckets (UTC) of requests, hits, misses, hit rate and time saved, oldest first; ?hours= (default 168). */
        get: operations["StatsController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/buffer-info/{checksum}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What is known about a buffer: length, encodings, conversions (404 when nothing). */
        get: operations["BufferInfoController_get"];
        /** Report buffer info; it is merged into what is known. Answers the merged info. */
        put: operations["BufferInfoController_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/execution-records/{checksum}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A transformation's execution record, exactly as it was stored (404 when none). */
        get: operations["ExecutionRecordsController_get"];
        /** Store the execution record of a transformation and its result (write-once: an identical repeat is accepted, anything else is 409). */
        put: operations["ExecutionRecordsController_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/results/{checksum}/transformations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The transformations that produced a result checksum, oldest first. */
        get: operations["TransformationsController_reverse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/semantic/{checksum}/syntactic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The syntactic checksums of a semantic checksum for a celltype (empty list when none). */
        get: operations["CelltypeChecksumsController_syntactic"];
        /** Add syntactic checksums of a semantic checksum for a celltype (known pairs ignored). */
        put: operations["CelltypeChecksumsController_addSyntactic"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/syntactic/{checksum}/semantic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The semantic checksums of a syntactic checksum for a celltype (empty list when none). */
        get: operations["CelltypeChecksumsController_semantic"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/transformations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recorded transformations in checksum order, a page at a time (after=, limit= ≤ 1000): how `simvault sync` copies them. */
        get: operations["TransformationsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/transformations/{checksum}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The result of a transformation checksum (404 when none is stored; with validate=true, also 404 when its buffer is gone). */
        get: operations["TransformationsController_get"];
        /** Store the result of a transformation checksum (replaces an earlier one). */
        put: operations["TransformationsController_put"];
        post?: never;
        /** Withdraw the result of a transformation (irreproducible): it is kept in the irreproducible records with its execution record, and no longer served. */
        delete: operations["TransformationsController_withdraw"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/transformations/{checksum}/irreproducible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The results withdrawn from a transformation, oldest first, each with its execution record (or null). */
        get: operations["TransformationsController_irreproducible"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checksums/transformations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The results of many transformation checksums in one request (null where none). */
        post: operations["TransformationsController_lookup"];
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
        BufferFilenameResponse: {
            /** @example 93237a60bf6417104795ed085c074d52f7ae99b5ec773004311ce665eddb4880 */
            checksum: string;
            /** @description Absolute path of the buffer file, readable (and hard-linkable) from the zone. */
            filename: string;
            /** @description The store's file zone, one of those asked for. */
            zone: string;
        };
        BufferInfoResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            /**
             * @description length, is_* flags and conversions, as Seamless knows them.
             * @example {
             *       "length": 1024,
             *       "is_utf8": true,
             *       "is_json": false
             *     }
             */
            info: {
                [key: string]: unknown;
            };
        };
        BufferLengthsResponse: {
            /**
             * @description For each checksum in the request, in order: its length in bytes, or null when not stored.
             * @example [
             *       1024,
             *       null
             *     ]
             */
            lengths: number[] | null;
        };
        CacheStatsResponse: {
            /** @description Overall only: the busiest simulations (100). */
            by_simulation?: components["schemas"]["SimulationStats"][];
            /** @description sim2l: total_hits. */
            cache_hits: number;
            /** @description sim2l: total_misses. */
            cache_misses: number;
            expired_entries: number;
            hit_rate: number;
            hit_rate_percent: number;
            invalidated_entries: number;
            /** @description Given ?simulation_id=: that simulation. */
            simulation_id?: number;
            time_saved_seconds: number;
            /** @description sim2l: total_requests. */
            total_accesses: number;
            total_entries: number;
            total_hits: number;
            total_misses: number;
            total_requests: number;
            /** @description Of valid entries. */
            total_size_bytes: number;
            total_size_mb: number;
            valid_entries: number;
        };
        ChecksumListDto: {
            /**
             * @description Up to 10000 checksums (64 hex characters; uppercase is accepted).
             * @example [
             *       "93237a60bf6417104795ed085c074d52f7ae99b5ec773004311ce665eddb4880"
             *     ]
             */
            checksums: string[];
        };
        DeletedBufferResponse: {
            /** @example 93237a60bf6417104795ed085c074d52f7ae99b5ec773004311ce665eddb4880 */
            checksum: string;
            /** @example true */
            deleted: boolean;
        };
        EntriesClearedResponse: {
            deleted: number;
        };
        EntryDeletedResponse: {
            cache_key: string;
            deleted_count: number;
        };
        EntryListResponse: {
            entries: components["schemas"]["EntryResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        EntryResponse: {
            access_count: number;
            cache_key: string;
            compute_seconds: number | null;
            created_at: string;
            created_by: string | null;
            execution_id: string;
            expires_at: string | null;
            hit_count: number;
            input_hash: string | null;
            last_accessed: string | null;
            /** @description sim2l's name for last_accessed. */
            last_accessed_at: string | null;
            /** @description Where the platform serves the entry's run once it is registered; null without an execution. */
            links: components["schemas"]["RunLinks"] | null;
            metadata: {
                [key: string]: unknown;
            } | null;
            run_db_path: string | null;
            simulation_id: number | null;
            simulation_name: string;
            simulation_version: string;
            size_bytes: number;
            squid_id: string | null;
            /** @enum {string} */
            status: "valid" | "invalidated" | "expired";
        };
        ExecutionRecordResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            record: {
                [key: string]: unknown;
            };
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
        };
        ExplainResponse: {
            expired_at?: string | null;
            invalidation?: components["schemas"]["InvalidationRecord"] | null;
            key: string | null;
            /** @description Live entries nearest to the inputs, fewest differences first. */
            nearest: components["schemas"]["NearestEntry"][];
            notes: string[];
            simulation: string | null;
            /**
             * @description What a lookup of the key answers now (absent when no key was given).
             * @enum {string}
             */
            verdict: "hit" | "expired" | "invalidated" | "absent";
            version: string | null;
        };
        HasBuffersResponse: {
            /** @description For each checksum in the request, in order: whether the store holds it. */
            has: boolean[];
        };
        HealthResponse: {
            /** @example results */
            service: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy";
        };
        InputDifference: {
            /** @description The entry's run's value (absent: it had none). */
            entry: (string | number | boolean | {
                [key: string]: unknown;
            } | unknown[]) | null;
            /** @description The value asked about (absent: not given). */
            given: (string | number | boolean | {
                [key: string]: unknown;
            } | unknown[]) | null;
            name: string;
        };
        InvalidatedResponse: {
            invalidated_count: number;
            /** @description The invalidation log's row. */
            invalidation_id: number;
        };
        InvalidateDto: {
            /** @description Invalidate every entry (admin only). */
            all?: boolean;
            /**
             * @description SQL LIKE pattern on the key: % any run, _ one character, \ escapes.
             * @example thermal_sim/1.0.0/%
             */
            pattern?: string | null;
            /** @example new version fixes a unit bug */
            reason?: string | null;
            /** @example 42 */
            simulation_id?: number | null;
            /** @example thermal_sim */
            simulation_name?: string | null;
            /** @example 1.0.0 */
            simulation_version?: string | null;
        };
        InvalidationPage: {
            items: components["schemas"]["InvalidationResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        InvalidationRecord: {
            at: string;
            by: string;
            /** @description The filter that was applied (JSON). */
            filter: (string | number | boolean | {
                [key: string]: unknown;
            } | unknown[]) | null;
            id: number;
            reason: string | null;
        };
        InvalidationResponse: {
            created_at: string;
            /** @description The filter as given. */
            filter: {
                [key: string]: unknown;
            };
            id: number;
            invalidated_count: number;
            reason: string | null;
            username: string;
        };
        IrreproducibleRecord: {
            /** @description Its execution record as stored, or null. */
            record: {
                [key: string]: unknown;
            } | null;
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
        };
        IrreproducibleResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            records: components["schemas"]["IrreproducibleRecord"][];
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
        LookupTransformationsDto: {
            /**
             * @description Transformation checksums to look up (at most 1000).
             * @example [
             *       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             *     ]
             */
            checksums: string[];
            /** @description Only count a result as found when its buffer is in the buffer store; the others are listed in missing_buffers. */
            validate?: boolean;
        };
        LookupTransformationsResponse: {
            /** @description With validate: the transformations whose recorded result has no buffer in the store (reported as null in results). */
            missing_buffers?: {
                [key: string]: string;
            };
            /**
             * @description Every checksum asked for (lowercase), with its result checksum or null when none is stored.
             * @example {
             *       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
             *     }
             */
            results: {
                [key: string]: string | null;
            };
        };
        NearestEntry: {
            cache_key: string;
            differing_inputs: components["schemas"]["InputDifference"][];
            execution_id: string;
            /** @description False when the results service has no registered run for the entry's execution. */
            inputs_known: boolean;
            simulation_version: string;
            /** @description The entry is of another version than the one asked about. */
            version_differs: boolean;
        };
        PutExecutionRecordDto: {
            /**
             * @description The execution record: an object, or its JSON text as a string (send text to keep every number exactly as written). It needs an integer schema_version, and tf_checksum and result_checksum equal to the path's checksum and the result.
             * @example {
             *       "schema_version": 1,
             *       "tf_checksum": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             *       "result_checksum": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
             *       "wall_time_seconds": 1
             *     }
             */
            record: {
                [key: string]: unknown;
            } | string;
            /**
             * @description The result checksum this execution produced.
             * @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
             */
            result: string;
        };
        PutSyntacticDto: {
            /** @example plain */
            celltype: string;
            /** @example  */
            subcelltype: string;
            /** @description Syntactic checksums of this semantic checksum. */
            syntactic: string[];
        };
        PutTransformationDto: {
            /**
             * @description The result checksum (64 hex characters).
             * @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
             */
            result: string;
        };
        ReverseTransformationsResponse: {
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
            transformations: string[];
        };
        RunLink: {
            path: string;
            /** @enum {string} */
            service: "results" | "files";
        };
        RunLinks: {
            artifacts: components["schemas"]["RunLink"];
            result: components["schemas"]["RunLink"];
            run_file: components["schemas"]["RunLink"];
        };
        SemanticChecksumsResponse: {
            celltype: string;
            semantic: string[];
            subcelltype: string;
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            syntactic: string;
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
        SimulationStats: {
            hit_rate: number;
            hit_rate_percent: number;
            simulation_id: number;
            time_saved_seconds: number;
            total_hits: number;
            total_misses: number;
            total_requests: number;
        };
        StatsBucket: {
            hit_rate: number;
            hits: number;
            misses: number;
            requests: number;
            start: string;
            time_saved_seconds: number;
        };
        StatsHistoryResponse: {
            /** @enum {number} */
            bucket_seconds: 3600;
            buckets: components["schemas"]["StatsBucket"][];
        };
        StoredBufferResponse: {
            /** @example 93237a60bf6417104795ed085c074d52f7ae99b5ec773004311ce665eddb4880 */
            checksum: string;
            /** @description False when the store already held this buffer (the upload was verified, then discarded). */
            created: boolean;
            /** @description Length in bytes. */
            length: number;
        };
        StoredEntryResponse: {
            cache_key: string;
            expires_at: string | null;
            /** @enum {boolean} */
            success: true;
            /** @description When the catalog does not know simulation_id. */
            warnings?: string[];
        };
        StoredExecutionRecordResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
            /** @enum {boolean} */
            stored: true;
        };
        StoreEntryDto: {
            /** @example thermal_sim/1.0.0/3f2a… */
            cache_key: string;
            /** @description What computing this result took; each hit adds it to the time saved. */
            compute_seconds?: number;
            /** @example exec-2024-001 */
            execution_id: string;
            input_hash?: string | null;
            metadata?: {
                [key: string]: unknown;
            } | null;
            run_db_path?: string | null;
            /** @example 42 */
            simulation_id?: number | null;
            /** @example thermal_sim */
            simulation_name: string;
            /** @example 1.0.0 */
            simulation_version: string;
            /** @description Size of the cached result, for statistics and the size cap. */
            size_bytes?: number;
            squid_id?: string | null;
            /** @description What the Python client sends; used when ttl_seconds is absent. */
            ttl_hours?: number | null;
            /** @description Lifetime in seconds; null or 0 = never expires. */
            ttl_seconds?: number | null;
        };
        SyntacticChecksumsResponse: {
            celltype: string;
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            semantic: string;
            subcelltype: string;
            syntactic: string[];
        };
        TransformationResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
        };
        TransformationsPage: {
            /** @description The `after` of the next page; null on the last one. */
            next: string | null;
            transformations: components["schemas"]["TransformationResponse"][];
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
        WithdrawnTransformationResponse: {
            /** @example aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */
            checksum: string;
            /** @example bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb */
            result: string;
            /** @enum {boolean} */
            withdrawn: true;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export interface operations {
    BuffersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
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
                    "application/octet-stream": string;
                };
            };
        };
    };
    BuffersController_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        /** @description The raw bytes of the buffer. */
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
                    "application/json": components["schemas"]["StoredBufferResponse"];
                };
            };
        };
    };
    BuffersController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["DeletedBufferResponse"];
                };
            };
        };
    };
    BuffersController_head: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BuffersController_filename: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["BufferFilenameResponse"];
                };
            };
        };
    };
    BuffersController_has: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChecksumListDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HasBuffersResponse"];
                };
            };
        };
    };
    BuffersController_lengths: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChecksumListDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BufferLengthsResponse"];
                };
            };
        };
    };
    CacheController_store: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StoreEntryDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredEntryResponse"];
                };
            };
        };
    };
    CacheController_clear: {
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
                    "application/json": components["schemas"]["EntriesClearedResponse"];
                };
            };
        };
    };
    CacheController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The cache key; may contain "/". */
                key: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A hit (a miss answers 404 with details.reason). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryResponse"];
                };
            };
        };
    };
    CacheController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The cache key; may contain "/". */
                key: unknown;
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
                    "application/json": components["schemas"]["EntryDeletedResponse"];
                };
            };
        };
    };
    CacheController_list: {
        parameters: {
            query?: {
                /** @description Only the entries that point at this execution (a run's cache entries). */
                execution_id?: string;
                limit?: number;
                offset?: number;
                simulation_id?: number;
                simulation_name?: string;
                status?: "valid" | "invalidated" | "expired";
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
                    "application/json": components["schemas"]["EntryListResponse"];
                };
            };
        };
    };
    ExplainController_explain: {
        parameters: {
            query?: {
                /** @description The inputs the run was given, as a JSON object. */
                inputs?: string;
                /** @description The key that missed. */
                key?: string;
                /** @description How many nearest entries. */
                limit?: number;
                /** @description The simulation the run was of (with version and inputs). */
                simulation?: string;
                /** @description Its version. */
                version?: string;
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
                    "application/json": components["schemas"]["ExplainResponse"];
                };
            };
        };
    };
    InvalidationController_invalidate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
                    "application/json": components["schemas"]["InvalidatedResponse"];
                };
            };
        };
    };
    InvalidationController_list: {
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
                    "application/json": components["schemas"]["InvalidationPage"];
                };
            };
        };
    };
    StatsController_get: {
        parameters: {
            query?: {
                simulation_id?: number;
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
                    "application/json": components["schemas"]["CacheStatsResponse"];
                };
            };
        };
    };
    StatsController_history: {
        parameters: {
            query?: {
                /** @description How many hours back, the current one included (at most SIMVAULT_CACHE_STATS_HISTORY_HOURS). */
                hours?: number;
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
                    "application/json": components["schemas"]["StatsHistoryResponse"];
                };
            };
        };
    };
    BufferInfoController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["BufferInfoResponse"];
                };
            };
        };
    };
    BufferInfoController_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        /** @description Any of: length, is_utf8, is_json, json_type, is_json_numeric_array, is_json_numeric_scalar, is_numpy, dtype, shape, is_seamless_mixed, str2text, text2str, binary2bytes, bytes2binary, binary2json, json2binary. length is a whole number from 0 to 2^53 − 1 and is_* are booleans; other fields (a newer Seamless's) and the a2b conversions are kept as sent. */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BufferInfoResponse"];
                };
            };
        };
    };
    ExecutionRecordsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sent as JSON text, the record exactly as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionRecordResponse"];
                };
            };
        };
    };
    ExecutionRecordsController_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutExecutionRecordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredExecutionRecordResponse"];
                };
            };
        };
    };
    TransformationsController_reverse: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["ReverseTransformationsResponse"];
                };
            };
        };
    };
    CelltypeChecksumsController_syntactic: {
        parameters: {
            query: {
                celltype: string;
                subcelltype: string;
            };
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["SyntacticChecksumsResponse"];
                };
            };
        };
    };
    CelltypeChecksumsController_addSyntactic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutSyntacticDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyntacticChecksumsResponse"];
                };
            };
        };
    };
    CelltypeChecksumsController_semantic: {
        parameters: {
            query: {
                celltype: string;
                subcelltype: string;
            };
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["SemanticChecksumsResponse"];
                };
            };
        };
    };
    TransformationsController_list: {
        parameters: {
            query?: {
                /** @description Start after this checksum (the `next` of the previous page). */
                after?: string;
                limit?: number;
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
                    "application/json": components["schemas"]["TransformationsPage"];
                };
            };
        };
    };
    TransformationsController_get: {
        parameters: {
            query?: {
                /** @description A hit only when the result buffer is in the buffer store (404 with the reason otherwise). */
                validate?: boolean;
            };
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["TransformationResponse"];
                };
            };
        };
    };
    TransformationsController_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutTransformationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransformationResponse"];
                };
            };
        };
    };
    TransformationsController_withdraw: {
        parameters: {
            query?: {
                /** @description The result being withdrawn (404 when the transformation has another). Default: the stored one. */
                result?: unknown;
            };
            header?: never;
            path: {
                checksum: string;
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
                    "application/json": components["schemas"]["WithdrawnTransformationResponse"];
                };
            };
        };
    };
    TransformationsController_irreproducible: {
        parameters: {
            query?: {
                /** @description Only this withdrawn result. */
                result?: unknown;
            };
            header?: never;
            path: {
                checksum: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sent as JSON text, the records exactly as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IrreproducibleResponse"];
                };
            };
        };
    };
    TransformationsController_lookup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LookupTransformationsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTransformationsResponse"];
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
}
