import type { Artifact, IndexedRun } from './run-artifacts.repository';

const segmentPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/** An artifact as sim2l's get_run_files lists it (`name, size, category, content_type`), then ours. */
export function artifactResponse(a: Artifact) {
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
    /** `inline`: in the run file; `external`: a file it names; `none`: no bytes recorded. */
    storage: a.storage,
    external_path: a.externalPath,
    download: `/runs/${encodeURIComponent(a.executionId)}/files/${segmentPath(a.name)}?id=${a.artifactId}`,
  };
}

export function runResponse(run: IndexedRun, artifacts: Artifact[]) {
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
