import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { columnTypes, varchar } from '@simvault/db';

/** Turns every run of characters that are not letters or digits into a space (PostgreSQL side). */
const words = (column: string) => `regexp_replace(coalesce(${column}, ''), '[^[:alnum:]]+', ' ', 'g')`;

/**
 * Full-text search over name, description and tags, kept in step with `simulations` by the
 * database itself, so every write (the service, an approval, a hand-written UPDATE, a backfill)
 * updates the index in the same transaction and no code path can forget it:
 * - SQLite: an FTS5 table over the `simulations` rows (external content) and three triggers;
 * - PostgreSQL: a generated, stored tsvector column (name weighted A, tags B, description C) and
 *   a GIN index on it.
 * Both split text into runs of letters and digits and lower-case them, without stemming, so a
 * query finds the same rows on both backends.
 */
const SQLITE_FTS = [
  `CREATE VIRTUAL TABLE simulations_fts USING fts5(name, description, tags, content='simulations', content_rowid='id', tokenize="unicode61 remove_diacritics 0", prefix='1 2 3')`,
  `CREATE TRIGGER simulations_fts_insert AFTER INSERT ON simulations BEGIN
     INSERT INTO simulations_fts(rowid, name, description, tags) VALUES (new.id, new.name, new.description, new.tags);
   END`,
  `CREATE TRIGGER simulations_fts_delete AFTER DELETE ON simulations BEGIN
     INSERT INTO simulations_fts(simulations_fts, rowid, name, description, tags) VALUES ('delete', old.id, old.name, old.description, old.tags);
   END`,
  `CREATE TRIGGER simulations_fts_update AFTER UPDATE OF name, description, tags ON simulations BEGIN
     INSERT INTO simulations_fts(simulations_fts, rowid, name, description, tags) VALUES ('delete', old.id, old.name, old.description, old.tags);
     INSERT INTO simulations_fts(rowid, name, description, tags) VALUES (new.id, new.name, new.description, new.tags);
   END`,
];

const POSTGRES_FTS = [
  `ALTER TABLE simulations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
     setweight(to_tsvector('simple', ${words('name')}), 'A') ||
     setweight(to_tsvector('simple', ${words('tags')}), 'B') ||
     setweight(to_tsvector('simple', ${words('description')}), 'C')
   ) STORED`,
  // fastupdate off: a GIN pending list (fast inserts, merged later) makes every search scan it
  // linearly until a vacuum; a catalog is searched far more often than it is written.
  'CREATE INDEX idx_simulations_search ON simulations USING GIN (search_vector) WITH (fastupdate = off)',
];

export class CatalogInitial1764100000000 implements MigrationInterface {
  name = 'CatalogInitial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    // Byte order on PostgreSQL too, so names and version keys sort (and compare) as on SQLite.
    const bytewise = t.pg ? { collation: 'C' } : {};
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    await queryRunner.createTable(
      new Table({
        name: 'simulations',
        columns: [
          id,
          varchar('name', 255, bytewise),
          varchar('version', 100),
          varchar('version_key', 512, bytewise),
          { name: 'description', type: t.text, isNullable: true },
          varchar('author', 255, { isNullable: true }),
          varchar('author_email', 255, { isNullable: true }),
          varchar('organization', 255, { isNullable: true }),
          varchar('license', 255, { isNullable: true }),
          { name: 'repository_url', type: t.text, isNullable: true },
          { name: 'documentation_url', type: t.text, isNullable: true },
          { name: 'tags', type: t.json },
          { name: 'input_schema', type: t.json },
          { name: 'output_schema', type: t.json },
          varchar('workflow_type', 32, { isNullable: true }),
          varchar('workflow_hash', 128, { isNullable: true }),
          { name: 'workflow_bundle', type: t.json, isNullable: true },
          { name: 'bundle_bytes', type: 'integer', default: 0 },
          { name: 'dependencies', type: t.json, isNullable: true },
          varchar('status', 16),
          varchar('visibility', 16),
          { name: 'metadata', type: t.json, isNullable: true },
          varchar('installation_id', 128, { isNullable: true }),
          varchar('created_by', 64),
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'uq_simulations_name_version',
            columnNames: ['name', 'version'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_simulations_name_version_key', columnNames: ['name', 'version_key'] }),
          new TableIndex({ name: 'idx_simulations_status_name', columnNames: ['status', 'name'] }),
          new TableIndex({ name: 'idx_simulations_workflow_hash', columnNames: ['workflow_hash'] }),
        ],
      }),
    );
    for (const sql of t.pg ? POSTGRES_FTS : SQLITE_FTS) await queryRunner.query(sql);

    const simulationKey = (table: string) =>
      new TableForeignKey({
        name: `fk_${table}_simulation`,
        columnNames: ['simulation_id'],
        referencedTableName: 'simulations',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'simulation_tags',
        columns: [
          { name: 'simulation_id', type: 'integer', isPrimary: true },
          varchar('tag', 64, { isPrimary: true }),
        ],
        indices: [new TableIndex({ name: 'idx_simulation_tags_tag', columnNames: ['tag', 'simulation_id'] })],
        foreignKeys: [simulationKey('simulation_tags')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'executions',
        columns: [
          id,
          varchar('execution_id', 128),
          { name: 'simulation_id', type: 'integer' },
          varchar('squid_id', 512, { isNullable: true }),
          varchar('status', 32),
          varchar('outcome', 16),
          { name: 'started_at', type: t.timestamp, isNullable: true },
          { name: 'completed_at', type: t.timestamp, isNullable: true },
          { name: 'duration_seconds', type: t.double, isNullable: true },
          varchar('executor_type', 64, { isNullable: true }),
          { name: 'cache_hit', type: t.boolean, default: false },
          { name: 'run_db_path', type: t.text, isNullable: true },
          { name: 'run_db_size_bytes', type: t.bigint, isNullable: true },
          varchar('input_hash', 255, { isNullable: true }),
          { name: 'output_count', type: 'integer', isNullable: true },
          { name: 'artifact_count', type: 'integer', isNullable: true },
          { name: 'error_count', type: 'integer', isNullable: true },
          { name: 'warning_count', type: 'integer', isNullable: true },
          { name: 'environment', type: t.json, isNullable: true },
          varchar('username', 64),
          { name: 'recorded_at', type: t.timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'uq_executions_execution_id',
            columnNames: ['execution_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_executions_simulation',
            columnNames: ['simulation_id', 'outcome'],
          }),
          new TableIndex({ name: 'idx_executions_recorded_at', columnNames: ['recorded_at'] }),
        ],
        foreignKeys: [simulationKey('executions')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'simulation_audit',
        columns: [
          id,
          { name: 'simulation_id', type: 'integer' },
          varchar('name', 255),
          varchar('version', 100),
          varchar('action', 16),
          varchar('username', 64),
          { name: 'created_at', type: t.timestamp },
          { name: 'changes', type: t.json },
        ],
        indices: [
          new TableIndex({ name: 'idx_simulation_audit_simulation', columnNames: ['simulation_id', 'id'] }),
          new TableIndex({ name: 'idx_simulation_audit_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'installations',
        columns: [
          varchar('id', 128, { isPrimary: true }),
          varchar('hostname', 255, { isNullable: true }),
          varchar('platform', 255, { isNullable: true }),
          { name: 'details', type: t.json, isNullable: true },
          varchar('reported_by', 64),
          { name: 'first_seen_at', type: t.timestamp },
          { name: 'last_seen_at', type: t.timestamp },
          { name: 'simulation_count', type: 'integer', default: 0 },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sync_items',
        columns: [
          id,
          varchar('installation_id', 128, { isNullable: true }),
          varchar('name', 255),
          varchar('version', 100),
          { name: 'payload', type: t.json },
          varchar('status', 16),
          varchar('submitted_by', 64),
          { name: 'submitted_at', type: t.timestamp },
          varchar('decided_by', 64, { isNullable: true }),
          { name: 'decided_at', type: t.timestamp, isNullable: true },
          { name: 'reason', type: t.text, isNullable: true },
          { name: 'simulation_id', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'idx_sync_items_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'idx_sync_items_name_version', columnNames: ['name', 'version'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sync_items');
    await queryRunner.dropTable('installations');
    await queryRunner.dropTable('simulation_audit');
    await queryRunner.dropTable('executions');
    await queryRunner.dropTable('simulation_tags');
    if (!columnTypes(queryRunner).pg) {
      for (const trigger of ['insert', 'delete', 'update'])
        await queryRunner.query(`DROP TRIGGER IF EXISTS simulations_fts_${trigger}`);
      await queryRunner.query('DROP TABLE IF EXISTS simulations_fts');
    }
    // Plain SQL: TypeORM's dropTable reads the table first and cannot describe the generated column.
    await queryRunner.query('DROP TABLE simulations');
  }
}
