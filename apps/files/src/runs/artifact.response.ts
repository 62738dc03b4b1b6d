import { ApiProperty } from '@nestjs/swagger';
import type { ArtifactStorage } from '@simvault/entities';
import type { Artifact, IndexedRun } from './run-artifacts.repository';

/** An artifact as sim2l's get_run_files lists it (`name, size, category, content_type`), then ours. */
export class ArtifactResponse {
  @ApiProperty() execution_id: string;
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() size: number;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: String, nullable: true }) content_type: string | null;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ type: String, nullable: true }) path: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) created_at: string | null;
  @ApiProperty({
    enum: ['inline', 'external', 'none'],
    description: '`inline`: in the run file; `external`: a file it names; `none`: no bytes recorded.',
  })
  storage: ArtifactStorage;
  @ApiProperty({ type: String, nullable: true }) external_path: string | null;
  @ApiProperty({ description: 'Where its bytes download from.' }) download: string;
}

/** GET /runs/{executionId}/files: the indexed run and its artifacts. */
export class RunFilesResponse {
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_name: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty() checksum: string;
  @ApiProperty() artifact_count: number;
  @ApiProperty() total_size: number;
  @ApiProperty() indexed_at: string;
  @ApiProperty() indexed_by: string;
  @ApiProperty({ type: [ArtifactResponse] }) files: ArtifactResponse[];
}

/** What indexing a run answers (POST /runs/{executionId}/index, and the registration event). */
export class IndexAnswer {
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_name: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty() checksum: string;
  @ApiProperty() artifacts: number;
  @ApiProperty() total_size: number;
  @ApiProperty() indexed_at: string;
  @ApiProperty({ description: 'Artifacts left out: names longer than MAX_NAME characters.' }) skipped: number;
}

const segmentPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

export function artifactResponse(a: Artifact): ArtifactResponse {
  return {
    execution_id: a.executionId,
    id: a.artifactId,
    name: a.name,
    size: a.size,
    category: a.category,
    content_type: a.contentType,
    sha256: a.sha256,
    path: a.path,
    description: a.description,
    created_at: a.createdAt,
    storage: a.storage,
    external_path: a.externalPath,
    download: `/runs/${encodeURIComponent(a.executionId)}/files/${segmentPath(a.name)}?id=${a.artifactId}`,
  };
}

export function runResponse(run: IndexedRun, artifacts: Artifact[]): RunFilesResponse {
  return {
    execution_id: run.executionId,
    simulation_name: run.simulationName,
    simulation_version: run.simulationVersion,
    checksum: run.checksum,
    artifact_count: run.artifactCount,
    total_size: run.totalSize,
    indexed_at: run.indexedAt.toISOString(),
    indexed_by: run.indexedBy,
    files: artifacts.map(artifactResponse),
  };
}
