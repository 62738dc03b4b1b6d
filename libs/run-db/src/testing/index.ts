import Database from 'better-sqlite3';

/**
 * A run database exactly as sim2l's Python RunDatabase writes one: its schema file verbatim in
 * layout (including its run_summary view, which joins every table to every other), values through
 * json.dumps (`150000000.0`, `NaN`, `true`, `"\u00e9"`), timestamps as str() of a naive UTC
 * datetime, rollback journal (Python's sqlite3 default). Tests use it to prove that files sim2l
 * wrote register here.
 */
export const SIM2L_RUN_DB_DDL = `
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
CREATE TABLE inputs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    value TEXT, value_blob BLOB, units TEXT, metadata TEXT);
CREATE TABLE outputs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    value TEXT, value_blob BLOB, units TEXT, file_reference TEXT, metadata TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE artifacts (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, path TEXT, content_hash TEXT,
    content_type TEXT, size_bytes INTEGER, category TEXT, data BLOB, external_path TEXT, description TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    level TEXT NOT NULL, logger TEXT, message TEXT NOT NULL, context TEXT, exception_type TEXT,
    exception_message TEXT, stack_trace TEXT);
CREATE TABLE cell_executions (id INTEGER PRIMARY KEY AUTOINCREMENT, cell_index INTEGER NOT NULL, cell_type TEXT,
    started_at TIMESTAMP, completed_at TIMESTAMP, duration_seconds REAL, status TEXT, source_code TEXT,
    output_text TEXT, output_data TEXT, error_message TEXT, error_traceback TEXT);
CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metric_name TEXT NOT NULL, metric_value REAL NOT NULL, metric_unit TEXT, category TEXT, metadata TEXT);
CREATE TABLE resource_usage (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    cpu_percent REAL, memory_mb REAL, memory_percent REAL, disk_read_mb REAL, disk_write_mb REAL,
    network_sent_mb REAL, network_recv_mb REAL);
CREATE TABLE provenance (id INTEGER PRIMARY KEY AUTOINCREMENT, entity_type TEXT NOT NULL, entity_name TEXT NOT NULL,
    source_type TEXT, source_reference TEXT, transformation TEXT, metadata TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, tag TEXT NOT NULL UNIQUE);
CREATE TABLE run_tags (tag_id INTEGER NOT NULL, FOREIGN KEY (tag_id) REFERENCES tags(id), PRIMARY KEY (tag_id));
CREATE TABLE checkpoints (id INTEGER PRIMARY KEY AUTOINCREMENT, checkpoint_name TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, state_data TEXT, state_blob BLOB, description TEXT,
    is_final BOOLEAN DEFAULT 0);
CREATE INDEX idx_logs_timestamp ON logs(timestamp);
CREATE INDEX idx_logs_level ON logs(level);
CREATE INDEX idx_artifacts_category ON artifacts(category);
CREATE INDEX idx_artifacts_hash ON artifacts(content_hash);
CREATE INDEX idx_cell_executions_status ON cell_executions(status);
CREATE INDEX idx_metrics_name ON metrics(metric_name);
CREATE INDEX idx_provenance_entity ON provenance(entity_type, entity_name);
CREATE VIEW run_summary AS
SELECT rm.execution_id, rm.squid_id, rm.simulation_name, rm.simulation_version, rm.simulation_id, rm.started_at,
    rm.completed_at, rm.duration_seconds, rm.status, rm.executor_type, rm.cache_key, rm.cache_hit, rm.user_id,
    rm.session_id, rm.error_message, rm.error_traceback,
    COUNT(DISTINCT i.name) as input_count, COUNT(DISTINCT o.name) as output_count,
    COUNT(DISTINCT a.id) as artifact_count, COUNT(DISTINCT l.id) as log_count,
    SUM(CASE WHEN l.level = 'ERROR' THEN 1 ELSE 0 END) as error_count,
    SUM(CASE WHEN l.level = 'WARNING' THEN 1 ELSE 0 END) as warning_count
FROM run_metadata rm
LEFT JOIN inputs i ON 1=1 LEFT JOIN outputs o ON 1=1 LEFT JOIN artifacts a ON 1=1 LEFT JOIN logs l ON 1=1
GROUP BY rm.execution_id;
CREATE VIEW error_summary AS
SELECT timestamp, logger, message, exception_type, exception_message FROM logs
WHERE level IN ('ERROR', 'CRITICAL') ORDER BY timestamp DESC;
`;

export interface Sim2lParameter {
  name: string;
  type: string;
  /** The JSON text json.dumps wrote (e.g. `350`, `150000000.0`, `NaN`, `"fine"`, `true`). */
  json?: string | null;
  blob?: Buffer | null;
  units?: string | null;
}

export interface Sim2lRun {
  executionId: string;
  simulationName?: string;
  simulationVersion?: string;
  squidId?: string | null;
  status?: string;
  durationSeconds?: number | null;
  inputs?: Sim2lParameter[];
  outputs?: Sim2lParameter[];
  logs?: { level: string; message: string; timestamp?: string }[];
  /** Metric points as sim2l's save_metric writes them; `step` goes into the metadata. */
  metrics?: { name: string; value: number; unit?: string; timestamp?: string; step?: number }[];
  /** Leave the run_metadata table empty (a run that was never initialized). */
  uninitialized?: boolean;
}

/** Writes `run` to a new file at `path` with sim2l's layout and value formats. */
export function writeSim2lRunFile(path: string, run: Sim2lRun): void {
  const db = new Database(path);
  try {
    db.exec(SIM2L_RUN_DB_DDL);
    db.exec('BEGIN');
    if (!run.uninitialized) {
      db.prepare(
        `INSERT INTO run_metadata (execution_id, squid_id, simulation_name, simulation_version, simulation_id,
           started_at, completed_at, duration_seconds, status, executor_type, executor_config, cache_key, cache_hit,
           user_id, session_id, environment)
         VALUES (?, ?, ?, ?, NULL, '2024-03-01 10:00:00.123456', '2024-03-01 10:00:42.623456', ?, ?, 'local',
           NULL, NULL, 0, NULL, NULL, '{"python": "3.11.4", "platform": "linux"}')`,
      ).run(
        run.executionId,
        run.squidId ?? null,
        run.simulationName ?? 'thermal_sim',
        run.simulationVersion ?? '1.0.0',
        run.durationSeconds === undefined ? 42.5 : run.durationSeconds,
        run.status ?? 'completed',
      );
    }
    const insertInput = db.prepare(
      'INSERT OR REPLACE INTO inputs (name, type, value, value_blob, units, metadata) VALUES (?, ?, ?, ?, ?, NULL)',
    );
    for (const p of run.inputs ?? [])
      insertInput.run(p.name, p.type, p.json ?? null, p.blob ?? null, p.units ?? null);
    const insertOutput = db.prepare(
      `INSERT OR REPLACE INTO outputs (name, type, value, value_blob, units, file_reference, metadata)
       VALUES (?, ?, ?, ?, ?, NULL, NULL)`,
    );
    for (const p of run.outputs ?? [])
      insertOutput.run(p.name, p.type, p.json ?? null, p.blob ?? null, p.units ?? null);
    const insertLog = db.prepare(
      'INSERT INTO logs (timestamp, level, logger, message) VALUES (COALESCE(?, CURRENT_TIMESTAMP), ?, ?, ?)',
    );
    for (const l of run.logs ?? []) insertLog.run(l.timestamp ?? null, l.level, 'sim2l.executor', l.message);
    const insertMetric = db.prepare(
      `INSERT INTO metrics (timestamp, metric_name, metric_value, metric_unit, category, metadata)
       VALUES (COALESCE(?, CURRENT_TIMESTAMP), ?, ?, ?, 'custom', ?)`,
    );
    for (const m of run.metrics ?? [])
      insertMetric.run(
        m.timestamp ?? null,
        m.name,
        m.value,
        m.unit ?? null,
        m.step === undefined ? null : JSON.stringify({ step: m.step }),
      );
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
export * from './hostile';
