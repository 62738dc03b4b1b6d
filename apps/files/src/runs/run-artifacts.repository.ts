import { Injectable } from '@nestjs/common';
import type { ArtifactStorage } from '@simvault/entities';
import { FilesDb, type Row, type Tx } from '../db/files-db';

export interface IndexedRun {
  executionId: string;
  simulationName: string;
  simulationVersion: string;
  runFile: string;
  checksum: string;
  artifactCount: number;
  totalSize: number;
  indexedAt: Date;
  indexedBy: string;
}

export interface Artifact {
  executionId: string;
  artifactId: number;
  simulationName: string;
  simulationVersion: string;
  name: string;
  path: string | null;
  size: number;
  category: string | null;
  contentType: string | null;
  sha256: string | null;
  description: string | null;
  createdAt: string | null;
  storage: ArtifactStorage;
  externalPath: string | null;
}

const RUN_COLUMNS =
  'execution_id, simulation_name, simulation_version, run_file, checksum, artifact_count, total_size, indexed_at, indexed_by';
const ARTIFACT_COLUMNS =
  'execution_id, artifact_id, simulation_name, simulation_version, name, path, size, category, content_type, sha256, description, created_at, storage, external_path';
const ARTIFACT_COUNT = ARTIFACT_COLUMNS.split(', ').length;

/** The index of run artifacts: one row per indexed run (file_runs), one per artifact (run_artifacts). */
@Injectable()
export class RunArtifactsRepository {
  constructor(readonly db: FilesDb) {}

  async findRun(executionId: string): Promise<IndexedRun | null> {
    const row = await this.db.one(`SELECT ${RUN_COLUMNS} FROM file_runs WHERE execution_id = ?`, [
      executionId,
    ]);
    return row ? this.run(row) : null;
  }

  /**
   * Replaces what is indexed of a run. The run's row is written first: on PostgreSQL its row lock
   * makes two indexings of one run take turns, so neither sees the other's half.
   */
  async replace(tx: Tx, run: IndexedRun, artifacts: Artifact[]): Promise<void> {
    await tx.execute(
      `INSERT INTO file_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (execution_id) DO UPDATE SET simulation_name = excluded.simulation_name,
         simulation_version = excluded.simulation_version, run_file = excluded.run_file,
         checksum = excluded.checksum, artifact_count = excluded.artifact_count,
         total_size = excluded.total_size, indexed_at = excluded.indexed_at, indexed_by = excluded.indexed_by`,
      [
        run.executionId,
        run.simulationName,
        run.simulationVersion,
        run.runFile,
        run.checksum,
        run.artifactCount,
        run.totalSize,
        run.indexedAt,
        run.indexedBy,
      ],
    );
    await tx.execute('DELETE FROM run_artifacts WHERE execution_id = ?', [run.executionId]);
    const rowSql = `(${Array.from({ length: ARTIFACT_COUNT }, () => '?').join(', ')})`;
    for (let i = 0; i < artifacts.length; i += 200) {
      const chunk = artifacts.slice(i, i + 200);
      await tx.execute(
        `INSERT INTO run_artifacts (${ARTIFACT_COLUMNS}) VALUES ${chunk.map(() => rowSql).join(', ')}`,
        chunk.flatMap((a) => [
          a.executionId,
          a.artifactId,
          a.simulationName,
          a.simulationVersion,
          a.name,
          a.path,
          a.size,
          a.category,
          a.contentType,
          a.sha256,
          a.description,
          a.createdAt,
          a.storage,
          a.externalPath,
        ]),
      );
    }
  }

  /** Which of these digests an indexed run names (idx_run_artifacts_sha256). */
  async named(digests: string[]): Promise<Set<string>> {
    if (digests.length === 0) return new Set();
    const rows = await this.db.query(
      `SELECT DISTINCT sha256 FROM run_artifacts WHERE sha256 IN (${digests.map(() => '?').join(', ')})`,
      digests,
    );
    return new Set(rows.map((r) => r.sha256 as string));
  }

  async artifacts(executionId: string): Promise<Artifact[]> {
    const rows = await this.db.query(
      `SELECT ${ARTIFACT_COLUMNS} FROM run_artifacts WHERE execution_id = ? ORDER BY artifact_id`,
      [executionId],
    );
    return rows.map((r) => this.artifactOf(r));
  }

  /** The artifact of that name (the latest, when a run saved the name twice), or the one with that id. */
  async artifact(executionId: string, name: string, artifactId?: number): Promise<Artifact | null> {
    const row =
      artifactId === undefined
        ? await this.db.one(
            `SELECT ${ARTIFACT_COLUMNS} FROM run_artifacts WHERE execution_id = ? AND name = ?
             ORDER BY artifact_id DESC LIMIT 1`,
            [executionId, name],
          )
        : await this.db.one(
            `SELECT ${ARTIFACT_COLUMNS} FROM run_artifacts WHERE execution_id = ? AND artifact_id = ? AND name = ?`,
            [executionId, artifactId, name],
          );
    return row ? this.artifactOf(row) : null;
  }

  /** The artifacts of every indexed run of a simulation version, run by run. */
  async ofSimulation(name: string, version: string, limit: number, offset: number) {
    const rows = await this.db.query(
      `SELECT ${ARTIFACT_COLUMNS} FROM run_artifacts WHERE simulation_name = ? AND simulation_version = ?
       ORDER BY execution_id, artifact_id LIMIT ? OFFSET ?`,
      [name, version, limit, offset],
    );
    const [count] = await this.db.query<{ n: unknown }>(
      'SELECT COUNT(*) AS n FROM run_artifacts WHERE simulation_name = ? AND simulation_version = ?',
      [name, version],
    );
    return { items: rows.map((r) => this.artifactOf(r)), total: Number(count.n) };
  }

  private run(row: Row): IndexedRun {
    return {
      executionId: row.execution_id as string,
      simulationName: row.simulation_name as string,
      simulationVersion: row.simulation_version as string,
      runFile: row.run_file as string,
      checksum: row.checksum as string,
      artifactCount: Number(row.artifact_count),
      totalSize: Number(row.total_size),
      indexedAt: this.db.dialect.readDate(row.indexed_at)!,
      indexedBy: row.indexed_by as string,
    };
  }

  private artifactOf(row: Row): Artifact {
    return {
      executionId: row.execution_id as string,
      artifactId: Number(row.artifact_id),
      simulationName: row.simulation_name as string,
      simulationVersion: row.simulation_version as string,
      name: row.name as string,
      path: (row.path as string | null) ?? null,
      size: Number(row.size),
      category: (row.category as string | null) ?? null,
      contentType: (row.content_type as string | null) ?? null,
      sha256: (row.sha256 as string | null) ?? null,
      description: (row.description as string | null) ?? null,
      createdAt: (row.created_at as string | null) ?? null,
      storage: row.storage as ArtifactStorage,
      externalPath: (row.external_path as string | null) ?? null,
    };
  }
}
