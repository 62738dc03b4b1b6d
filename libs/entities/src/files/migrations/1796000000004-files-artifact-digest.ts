import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * POST /artifacts/gc asks which stored artifacts any indexed run names, a page of digests at a
 * time: an index on the digest answers that without reading every run's artifacts.
 */
export class FilesArtifactDigest1796000000004 implements MigrationInterface {
  name = 'FilesArtifactDigest1796000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'run_artifacts',
      new TableIndex({ name: 'idx_run_artifacts_sha256', columnNames: ['sha256'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('run_artifacts', 'idx_run_artifacts_sha256');
  }
}
