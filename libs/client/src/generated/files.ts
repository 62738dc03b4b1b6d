// Generated from docs/openapi/files.json by openapi-typescript (`node tools/api-docs.js`); do not edit.
export interface paths {
    "/artifacts/{sha256}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the platform holds the artifact of this sha256, or how many bytes of an upload in parts have arrived (where to resume): {sha256, stored, size, offset}. */
        get: operations["ArtifactUploadsController_state"];
        /** Upload an external artifact under its sha256, whole or in Content-Range parts; stored only when the bytes hash to it (400 otherwise), once however often sent. Already stored: an empty body is enough. A part that does not start at the offset received so far: 409 {details: {offset}}. */
        put: operations["ArtifactUploadsController_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a folder (the top level without parent_id; or every entry with ?tag=), sorted by name, date_created, date_modified or size: {items, total, limit, offset, next_cursor}. */
        get: operations["EntriesController_list"];
        put?: never;
        /** Create a folder (is_folder: true) or a file entry that points at a uri (sim2l's create_folder / create_file). 201 with the record; 409 when the folder already holds that name. */
        post: operations["EntriesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One entry; a folder lists a page of its children too (sim2l's list_folder), sorted and paged like GET /files. "root" is the top level. */
        get: operations["EntriesController_get"];
        put?: never;
        post?: never;
        /** Delete an entry; a folder that is not empty only with ?recursive=true (then everything in it). {id, deleted}. Only its creator or an admin. */
        delete: operations["EntriesController_remove"];
        options?: never;
        head?: never;
        /** Rename (name), move (parent_id; never into itself), replace metadata or tags. Only its creator or an admin. */
        patch: operations["EntriesController_update"];
        trace?: never;
    };
    "/files/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file's uploaded content, streamed and verified, with Content-Type, Content-Length and ETag (its checksum); 304 for If-None-Match; one byte range (Range, If-Range) with 206. */
        get: operations["EntriesController_download"];
        /** Replace a file's content with the request body (?content_type=&checksum=). */
        put: operations["EntriesController_replace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A folder with everything in it (or one file) as one streamed archive: ?format=tar (default) or zip. X-Export-Files and X-Export-Skipped (URI entries, which hold no bytes here) count the members. */
        get: operations["ExportController_entry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move, delete, tag or untag many entries (ids, at most 1000) in one transaction: all change, or none (the refusal names the entry). */
        post: operations["EntriesController_batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a file holding the request body (any Content-Type), stored by checksum (the same bytes are stored once: deduplicated: true). ?name=&parent_id=&content_type=&checksum=. */
        post: operations["EntriesController_upload"];
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
    "/runs/{executionId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run's artifacts as one streamed archive under <execution_id>/ (?format=tar or zip); artifacts whose bytes this server cannot read are left out and counted in X-Export-Skipped. */
        get: operations["ExportController_run"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{executionId}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The artifacts of a registered run (sim2l's get_run_files): name, size, category, content_type, sha256, where the bytes are. */
        get: operations["RunsController_files"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{executionId}/files/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One artifact's bytes (sim2l's export_run_file), streamed from the run file or its external file and verified, with Content-Type, Content-Length and ETag (its sha256); 304 for If-None-Match; one byte range (Range, If-Range) with 206. */
        get: operations["RunsController_download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{executionId}/index": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Index a run's artifacts now, from the platform's stored run file of that checksum (or the one indexed last time). Registration does this by itself. */
        post: operations["RunsController_index"];
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
    "/simulations/{name}/{version}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The artifacts of every indexed run of a simulation version (sim2l's get_simulation_files), run by run: {items, total, limit, offset}. */
        get: operations["RunsController_simulationFiles"];
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
        ArtifactPage: {
            items: components["schemas"]["ArtifactResponse"][];
            limit: number;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        ArtifactResponse: {
            category: string | null;
            content_type: string | null;
            created_at: string | null;
            description: string | null;
            /** @description Where its bytes download from. */
            download: string;
            execution_id: string;
            external_path: string | null;
            id: number;
            name: string;
            path: string | null;
            sha256: string | null;
            size: number;
            /**
             * @description `inline`: in the run file; `external`: a file it names; `none`: no bytes recorded.
             * @enum {string}
             */
            storage: "inline" | "external" | "none";
        };
        ArtifactStateResponse: {
            /** @description Whether this request stored the bytes (false: already there, or not complete). */
            created: boolean;
            /** @description Bytes of an upload in parts received so far: the next part starts there (the size once stored). */
            offset: number;
            /** @description The digest the bytes are stored under. */
            sha256: string;
            /** @description The stored size; null until stored. */
            size?: number | null;
            /** @description Whether the platform holds the whole artifact. */
            stored: boolean;
        };
        BatchAnswer: {
            action: string;
            count: number;
            /** @description delete: how many entries went, with what the folders held. */
            deleted?: number;
        };
        BatchDto: {
            /** @enum {string} */
            action: "move" | "delete" | "tag" | "untag";
            ids: string[];
            /** @description move: the folder to move into (null or "root": the top level). */
            parent_id?: string | null;
            /** @description delete: folders with everything in them. */
            recursive?: boolean;
            /** @description tag, untag: the tags. */
            tags?: string[];
        };
        CreateEntryDto: {
            content_type?: string;
            /** @default false */
            is_folder?: boolean;
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** @example simulation_outputs */
            name: string;
            /** @description The folder to create it in; the top level when absent. */
            parent_id?: string | null;
            /** @description The pointed-at file's size, as the client knows it. */
            size?: number;
            tags?: string[];
            /** @description Where the file is (a file entry that holds no content here). */
            uri?: string;
        };
        DeletedEntryResponse: {
            /** @description How many entries went (a folder with everything in it). */
            deleted: number;
            id: string;
        };
        EntryPage: {
            items: components["schemas"]["EntryResponse"][];
            limit: number;
            /** @description Pass as `cursor` for the next page; null on the last one. */
            next_cursor: string | null;
            offset: number;
            /** @description How many match, across every page. */
            total: number;
        };
        EntryResponse: {
            /** @description The buffer-store checksum of uploaded content (the download's ETag). */
            checksum: string | null;
            /** @description A folder's number of entries. */
            child_count: number;
            content_type: string | null;
            creator: string;
            date_created: string;
            date_modified: string;
            /** @description Where the uploaded content downloads from; null for folders and URI entries. */
            download: string | null;
            id: string;
            is_folder: boolean;
            metadata: {
                [key: string]: unknown;
            } | null;
            name: string;
            /** @description Null at the top level. */
            parent_id: string | null;
            size: number;
            tags: string[];
            uri: string | null;
        };
        FolderResponse: {
            /** @description The buffer-store checksum of uploaded content (the download's ETag). */
            checksum: string | null;
            /** @description A folder's number of entries. */
            child_count: number;
            children?: components["schemas"]["EntryPage"];
            content_type: string | null;
            creator: string;
            date_created: string;
            date_modified: string;
            /** @description Where the uploaded content downloads from; null for folders and URI entries. */
            download: string | null;
            id: string;
            is_folder: boolean;
            metadata: {
                [key: string]: unknown;
            } | null;
            name: string;
            /** @description Null at the top level. */
            parent_id: string | null;
            size: number;
            tags: string[];
            uri: string | null;
        };
        HealthResponse: {
            /** @example results */
            service: string;
            /** @enum {string} */
            status: "healthy" | "unhealthy";
        };
        IndexAnswer: {
            artifacts: number;
            checksum: string;
            execution_id: string;
            indexed_at: string;
            simulation_name: string;
            simulation_version: string;
            /** @description Artifacts left out: names longer than MAX_NAME characters. */
            skipped: number;
            total_size: number;
        };
        IndexRunDto: {
            /** @description The sha256 of the run's file in the run store (run_file.checksum in GET /results/{id}); without it, the file indexed last time. */
            checksum?: string;
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
        RunFilesResponse: {
            artifact_count: number;
            checksum: string;
            execution_id: string;
            files: components["schemas"]["ArtifactResponse"][];
            indexed_at: string;
            indexed_by: string;
            simulation_name: string;
            simulation_version: string;
            total_size: number;
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
        UpdateEntryDto: {
            /** @description Replaces the metadata; null clears it. */
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** @description A new name (rename). */
            name?: string;
            /** @description Another folder (move); null or "root" for the top level. */
            parent_id?: string | null;
            /** @description Replaces the tags. */
            tags?: string[];
        };
        UploadedEntryResponse: {
            /** @description The buffer-store checksum of uploaded content (the download's ETag). */
            checksum: string | null;
            /** @description A folder's number of entries. */
            child_count: number;
            content_type: string | null;
            creator: string;
            date_created: string;
            date_modified: string;
            /** @description True when the same bytes were stored already. */
            deduplicated: boolean;
            /** @description Where the uploaded content downloads from; null for folders and URI entries. */
            download: string | null;
            id: string;
            is_folder: boolean;
            metadata: {
                [key: string]: unknown;
            } | null;
            name: string;
            /** @description Null at the top level. */
            parent_id: string | null;
            size: number;
            tags: string[];
            uri: string | null;
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
    ArtifactUploadsController_state: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha256: string;
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
                    "application/json": components["schemas"]["ArtifactStateResponse"];
                };
            };
        };
    };
    ArtifactUploadsController_put: {
        parameters: {
            query?: never;
            header?: {
                /** @description bytes <first>-<last>/<total>: one part of a resumable upload, starting where the last one ended (GET answers offset). */
                "Content-Range"?: string;
            };
            path: {
                sha256: string;
            };
            cookie?: never;
        };
        /** @description The artifact, or one part of it. */
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
                    "application/json": components["schemas"]["ArtifactStateResponse"];
                };
            };
        };
    };
    EntriesController_list: {
        parameters: {
            query?: {
                /** @description The previous page's next_cursor: the page after it, at the same cost however deep (offset is ignored). */
                cursor?: string;
                limit?: number;
                offset?: number;
                order?: "asc" | "desc";
                /** @description The folder to list; the top level when absent (or "root"). */
                parent_id?: string;
                sort?: "name" | "date_created" | "date_modified" | "size";
                /** @description Only entries with this tag (anywhere, or in parent_id when given). */
                tag?: string;
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
                    "application/json": components["schemas"]["EntryPage"];
                };
            };
        };
    };
    EntriesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEntryDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntryResponse"];
                };
            };
        };
    };
    EntriesController_get: {
        parameters: {
            query?: {
                /** @description The previous page's next_cursor: the page after it, at the same cost however deep (offset is ignored). */
                cursor?: string;
                limit?: number;
                offset?: number;
                order?: "asc" | "desc";
                /** @description The folder to list; the top level when absent (or "root"). */
                parent_id?: string;
                sort?: "name" | "date_created" | "date_modified" | "size";
                /** @description Only entries with this tag (anywhere, or in parent_id when given). */
                tag?: string;
            };
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
                    "application/json": components["schemas"]["FolderResponse"];
                };
            };
        };
    };
    EntriesController_remove: {
        parameters: {
            query?: {
                /** @description Delete a folder with everything in it (a non-empty folder otherwise stays). */
                recursive?: boolean;
            };
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
                    "application/json": components["schemas"]["DeletedEntryResponse"];
                };
            };
        };
    };
    EntriesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateEntryDto"];
            };
        };
        responses: {
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
    EntriesController_download: {
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
            /** @description The bytes, streamed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Large content kept in an object store (SIMVAULT_BLOB_REDIRECT_BYTES): Location is a presigned URL of it, valid for 5 minutes. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    EntriesController_replace: {
        parameters: {
            query?: {
                /** @description The body's checksum in the buffer store's hash (SHA-256 by default): the body is then stored as it arrives, without a temporary copy, and refused if it does not match. */
                checksum?: string;
                /** @description The Content-Type to serve the file with (default: the request's, unless it is application/octet-stream). */
                content_type?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description The file itself (application/octet-stream). */
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
                    "application/json": components["schemas"]["UploadedEntryResponse"];
                };
            };
        };
    };
    ExportController_entry: {
        parameters: {
            query?: {
                format?: "tar" | "zip";
            };
            header?: never;
            path: {
                id: string;
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
                    "application/x-tar": string;
                    "application/zip": string;
                };
            };
        };
    };
    EntriesController_batch: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchAnswer"];
                };
            };
        };
    };
    EntriesController_upload: {
        parameters: {
            query: {
                /** @description The body's checksum in the buffer store's hash (SHA-256 by default): the body is then stored as it arrives, without a temporary copy, and refused if it does not match. */
                checksum?: string;
                /** @description The Content-Type to serve the file with (default: the request's, unless it is application/octet-stream). */
                content_type?: string;
                name: string;
                parent_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The file itself (application/octet-stream). */
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadedEntryResponse"];
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
    ExportController_run: {
        parameters: {
            query?: {
                format?: "tar" | "zip";
            };
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
                    "application/x-tar": string;
                    "application/zip": string;
                };
            };
        };
    };
    RunsController_files: {
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
                    "application/json": components["schemas"]["RunFilesResponse"];
                };
            };
        };
    };
    RunsController_download: {
        parameters: {
            query?: {
                /** @description The artifact id, when a run saved several artifacts of one name (default: the latest). */
                id?: number;
            };
            header?: never;
            path: {
                executionId: string;
                /** @description The artifact name; may contain "/". */
                name: unknown;
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
            /** @description Large content kept in an object store (SIMVAULT_BLOB_REDIRECT_BYTES): Location is a presigned URL of it, valid for 5 minutes. */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RunsController_index: {
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
                "application/json": components["schemas"]["IndexRunDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndexAnswer"];
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
    RunsController_simulationFiles: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                name: string;
                version: string;
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
                    "application/json": components["schemas"]["ArtifactPage"];
                };
            };
        };
    };
}
