import { parseJson } from '@simvault/core';
import type { SimulationStatus, SimulationVisibility, WorkflowType } from '@simvault/entities';
import type { CatalogDatabase } from '../database/catalog-database';
import type { SimulationResponse, WorkflowBundleResponse } from './dto/simulation-response.dto';

export type { SimulationResponse } from './dto/simulation-response.dto';

/** Every column but the bundle: what lists and searches read. */
export const SUMMARY_COLUMNS = [
  'id',
  'name',
  'version',
  'description',
  'author',
  'author_email',
  'organization',
  'license',
  'repository_url',
  'documentation_url',
  'tags',
  'input_schema',
  'output_schema',
  'workflow_type',
  'workflow_hash',
  'bundle_bytes',
  'dependencies',
  'status',
  'visibility',
  'metadata',
  'installation_id',
  'created_by',
  'created_at',
  'updated_at',
];

const json = (text: unknown, fallback: unknown = null): unknown =>
  text === null || text === undefined ? fallback : parseJson(String(text));

/** A simulation on the wire, with sim2l's field names; `workflow_bundle` only when it was read. */
export function simulationResponse(row: Record<string, unknown>, db: CatalogDatabase): SimulationResponse {
  const body: SimulationResponse = {
    id: Number(row.id),
    name: row.name as string,
    version: row.version as string,
    description: row.description as string | null,
    author: row.author as string | null,
    author_email: row.author_email as string | null,
    organization: row.organization as string | null,
    license: row.license as string | null,
    repository_url: row.repository_url as string | null,
    documentation_url: row.documentation_url as string | null,
    tags: json(row.tags, []) as string[],
    input_schema: json(row.input_schema, {}) as SimulationResponse['input_schema'],
    output_schema: json(row.output_schema, {}) as SimulationResponse['output_schema'],
    workflow_type: row.workflow_type as WorkflowType | null,
    workflow_hash: row.workflow_hash as string | null,
    bundle_size_bytes: Number(row.bundle_bytes ?? 0),
    dependencies: json(row.dependencies),
    status: row.status as SimulationStatus,
    visibility: row.visibility as SimulationVisibility,
    metadata: json(row.metadata) as Record<string, unknown> | null,
    installation_id: row.installation_id as string | null,
    created_by: row.created_by as string,
    created_at: db.readDate(row.created_at)!.toISOString(),
    updated_at: db.readDate(row.updated_at)!.toISOString(),
  };
  return 'workflow_bundle' in row
    ? { ...body, workflow_bundle: json(row.workflow_bundle) as WorkflowBundleResponse | null }
    : body;
}
