/**
 * The per-run database layout (specs/run-database.md): sim2l's twelve tables, two views and seven
 * indexes, so that a file written by sim2l can be read here and one written here can be read by
 * sim2l's tools. Names, columns, types and constraints are sim2l's.
 */
export const SIM2L_TABLES = [
  'run_metadata',
  'inputs',
  'outputs',
  'artifacts',
  'logs',
  'cell_executions',
  'metrics',
  'resource_usage',
  'provenance',
  'tags',
  'run_tags',
  'checkpoints',
] as const;

export const SIM2L_VIEWS = ['run_summary', 'error_summary'] as const;

export const SIM2L_INDEXES = [
  'idx_logs_timestamp',
  'idx_logs_level',
  'idx_artifacts_category',
  'idx_artifacts_hash',
  'idx_cell_executions_status',
  'idx_metrics_name',
  'idx_provenance_entity',
] as const;

/**
 * The one table we add. sim2l has no way to withdraw a run; LUTE's configuration database has a
 * valid flag that an `invalidate` command flips, and the results service must be able to tell a
 * withdrawn run from a good one when it registers the file. A separate table (rather than a new
 * `status` value or column) leaves sim2l's tables exactly as sim2l's tools expect them: they never
 * look at it, and a run without rows here is valid.
 */
export const RUN_INVALIDATIONS_TABLE = 'run_invalidations';

/** What introspection needs; a file without these is not a run database. */
export const REQUIRED_TABLES = ['run_metadata', 'inputs', 'outputs'] as const;

export const RUN_DB_SCHEMA = `
CREATE TABLE run_metadata (
    execution_id TEXT PRIMARY KEY,
    squid_id TEXT,
    simulation_name TEXT NOT NULL,
    simulation_version TEXT NOT NULL,
    simulation_id INTEGER,
    started_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    duration_seconds REAL,
    status TEXT NOT NULL,
    executor_type TEXT NOT NULL,
    executor_config TEXT,
    cache_key TEXT,
    cache_hit BOOLEAN DEFAULT 0,
    user_id TEXT,
    session_id TEXT,
    environment TEXT,
    error_message TEXT,
    error_traceback TEXT,
    notes TEXT
);

CREATE TABLE inputs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    value TEXT,
    value_blob BLOB,
    units TEXT,
    metadata TEXT
);

CREATE TABLE outputs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    value TEXT,
    value_blob BLOB,
    units TEXT,
    file_reference TEXT,
    metadata TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE artifacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    path TEXT,
    content_hash TEXT,
    content_type TEXT,
    size_bytes INTEGER,
    category TEXT,
    data BLOB,
    external_path TEXT,
    description TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    level TEXT NOT NULL,
    logger TEXT,
    message TEXT NOT NULL,
    context TEXT,
    exception_type TEXT,
    exception_message TEXT,
    stack_trace TEXT
);

CREATE TABLE cell_executions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cell_index INTEGER NOT NULL,
    cell_type TEXT,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    duration_seconds REAL,
    status TEXT,
    source_code TEXT,
    output_text TEXT,
    output_data TEXT,
    error_message TEXT,
    error_traceback TEXT
);

CREATE TABLE metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metric_name TEXT NOT NULL,
    metric_value REAL NOT NULL,
    metric_unit TEXT,
    category TEXT,
    metadata TEXT
);

CREATE TABLE resource_usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    cpu_percent REAL,
    memory_mb REAL,
    memory_percent REAL,
    disk_read_mb REAL,
    disk_write_mb REAL,
    network_sent_mb REAL,
    network_recv_mb REAL
);

CREATE TABLE provenance (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    source_type TEXT,
    source_reference TEXT,
    transformation TEXT,
    metadata TEXT
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tag TEXT NOT NULL UNIQUE
);

CREATE TABLE run_tags (
    tag_id INTEGER NOT NULL,
    FOREIGN KEY (tag_id) REFERENCES tags(id),
    PRIMARY KEY (tag_id)
);

CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    checkpoint_name TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    state_data TEXT,
    state_blob BLOB,
    description TEXT,
    is_final BOOLEAN DEFAULT 0
);

CREATE INDEX idx_logs_timestamp ON logs(timestamp);
CREATE INDEX idx_logs_level ON logs(level);
CREATE INDEX idx_artifacts_category ON artifacts(category);
CREATE INDEX idx_artifacts_hash ON artifacts(content_hash);
CREATE INDEX idx_cell_executions_status ON cell_executions(status);
CREATE INDEX idx_metrics_name ON metrics(metric_name);
CREATE INDEX idx_provenance_entity ON provenance(entity_type, entity_name);

-- sim2l's columns, counted with one subquery each: sim2l joins the four tables to each other and
-- so multiplies its error and warning counts by the number of inputs, outputs and artifacts.
CREATE VIEW run_summary AS
SELECT
    rm.execution_id,
    rm.squid_id,
    rm.simulation_name,
    rm.simulation_version,
    rm.simulation_id,
    rm.started_at,
    rm.completed_at,
    rm.duration_seconds,
    rm.status,
    rm.executor_type,
    rm.cache_key,
    rm.cache_hit,
    rm.user_id,
    rm.session_id,
    rm.error_message,
    rm.error_traceback,
    (SELECT COUNT(*) FROM inputs) AS input_count,
    (SELECT COUNT(*) FROM outputs) AS output_count,
    (SELECT COUNT(*) FROM artifacts) AS artifact_count,
    (SELECT COUNT(*) FROM logs) AS log_count,
    (SELECT COUNT(*) FROM logs WHERE level IN ('ERROR', 'CRITICAL')) AS error_count,
    (SELECT COUNT(*) FROM logs WHERE level = 'WARNING') AS warning_count
FROM run_metadata rm;

CREATE VIEW error_summary AS
SELECT
    timestamp,
    logger,
    message,
    exception_type,
    exception_message
FROM logs
WHERE level IN ('ERROR', 'CRITICAL')
ORDER BY timestamp DESC;
`;

export const RUN_INVALIDATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS ${RUN_INVALIDATIONS_TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invalidated_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL,
    invalidated_by TEXT
);
`;
