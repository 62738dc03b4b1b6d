import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SIMULATION_STATUSES,
  SIMULATION_VISIBILITIES,
  WORKFLOW_TYPES,
  type SimulationStatus,
  type SimulationVisibility,
  type WorkflowType,
} from '@simvault/entities';

// What the simulation routes answer. The classes are the wire contract (the OpenAPI document and
// so the generated client types come from them); simulationResponse() builds them from a row.

/** An input or output schema: parameter name → its spec (`type` in sim2l's names or JSON ones, units, range…). */
const SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: true },
  example: { temperature: { type: 'Number', units: 'K', min: 0 } },
} as const;

/** A simulation's dependencies, as registered: a list or a map (the request DTO takes the same). */
export const DEPENDENCIES = {
  nullable: true,
  oneOf: [
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

export class BundleFileResponse {
  @ApiProperty() path: string;
  @ApiProperty({ enum: ['base64'] }) encoding: 'base64';
  @ApiProperty() content_base64: string;
  @ApiProperty() size_bytes: number;
  @ApiProperty() sha256: string;
}

export class WorkflowBundleResponse {
  @ApiProperty() format_version: number;
  @ApiProperty({ type: String, nullable: true }) workflow_type: string | null;
  @ApiProperty({ type: String, nullable: true }) entrypoint: string | null;
  @ApiProperty({ type: [BundleFileResponse] }) files: BundleFileResponse[];
}

/** A simulation version with sim2l's field names. */
export class SimulationResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'thermal_sim' }) name: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) author: string | null;
  @ApiProperty({ type: String, nullable: true }) author_email: string | null;
  @ApiProperty({ type: String, nullable: true }) organization: string | null;
  @ApiProperty({ type: String, nullable: true }) license: string | null;
  @ApiProperty({ type: String, nullable: true }) repository_url: string | null;
  @ApiProperty({ type: String, nullable: true }) documentation_url: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty(SCHEMA) input_schema: Record<string, Record<string, unknown>>;
  @ApiProperty(SCHEMA) output_schema: Record<string, Record<string, unknown>>;
  @ApiProperty({ enum: WORKFLOW_TYPES, nullable: true }) workflow_type: WorkflowType | null;
  @ApiProperty({ type: String, nullable: true }) workflow_hash: string | null;
  @ApiProperty() bundle_size_bytes: number;
  @ApiProperty({
    ...DEPENDENCIES,
    description: 'A list or a map of what the simulation needs; null when not given.',
  })
  dependencies: unknown;
  @ApiProperty({ enum: SIMULATION_STATUSES }) status: SimulationStatus;
  @ApiProperty({ enum: SIMULATION_VISIBILITIES }) visibility: SimulationVisibility;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  metadata: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) installation_id: string | null;
  @ApiProperty() created_by: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
  @ApiPropertyOptional({
    type: WorkflowBundleResponse,
    nullable: true,
    description: 'On a single simulation (get), never in searches or version lists.',
  })
  workflow_bundle?: WorkflowBundleResponse | null;
}

export class RegisteredSimulationResponse {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['registered'] }) status: 'registered';
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: String, nullable: true }) workflow_hash: string | null;
}

export class SimulationVersionsResponse {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The latest version, in version order.' }) latest: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: [SimulationResponse], description: 'Latest first.' }) versions: SimulationResponse[];
}

export class UpdatedSimulationResponse {
  @ApiProperty({ enum: ['updated'] }) status: 'updated';
  @ApiProperty() id: number;
  @ApiProperty({ type: [String] }) changed: string[];
  @ApiPropertyOptional({ type: [String], description: 'Keys sent that cannot be changed (ignored).' })
  ignored_keys?: string[];
}

export class DeletedSimulationResponse {
  @ApiProperty({ enum: ['deleted'] }) status: 'deleted';
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty() deleted_executions: number;
}
