import { badRequest } from '@simvault/core';
import type { SimulationStatus, SimulationVisibility, WorkflowType } from '@simvault/entities';
import type { RegisterSimulationDto, UpdateSimulationDto } from './dto/simulation.dto';
import { schemaProblems } from './schema-validation';
import { BundleError, bundleFromFiles, checkBundle, type WorkflowBundle } from './workflow-bundle';

/**
 * A registration after every check: schemas valid, bundle built and verified, hash computed. It is
 * what is stored, and what an auto-sync job carries until it is registered or approved.
 */
export interface NewSimulation {
  name: string;
  version: string;
  description: string | null;
  author: string | null;
  author_email: string | null;
  organization: string | null;
  license: string | null;
  repository_url: string | null;
  documentation_url: string | null;
  tags: string[];
  input_schema: Record<string, unknown>;
  output_schema: Record<string, unknown>;
  workflow_type: WorkflowType | null;
  workflow_hash: string | null;
  workflow_bundle: WorkflowBundle | null;
  bundle_bytes: number;
  dependencies: unknown;
  status: SimulationStatus;
  visibility: SimulationVisibility;
  metadata: Record<string, unknown> | null;
  installation_id: string | null;
}

/** Words that are routes under /simulations, so never names. */
const RESERVED_NAMES = ['search'];

function nameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name !== name.trim()) problems.push('name must not start or end with spaces');
  if (/[/\\]/.test(name) || /\p{Cc}/u.test(name))
    problems.push('name must not contain "/", "\\" or control characters');
  if (/^\d+$/.test(name))
    problems.push('name must not be only digits (GET /simulations/{id} would be ambiguous)');
  if (RESERVED_NAMES.includes(name.toLowerCase())) problems.push(`"${name}" cannot be a name: it is a route`);
  return problems;
}

function versionProblems(version: string): string[] {
  return /[\s/\\]/.test(version) || /\p{Cc}/u.test(version)
    ? ['version must not contain spaces, "/", "\\" or control characters']
    : [];
}

/** Tags trimmed, duplicates (ignoring case) dropped. */
function tagsOf(tags: string[] | null | undefined, problems: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags ?? []) {
    const tag = raw.trim();
    if (!tag) problems.push('tags must not be empty');
    else if (tag.includes(','))
      problems.push(`tag "${tag}" must not contain a comma (searches list tags with commas)`);
    else if (!seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

function dependenciesOf(value: unknown, problems: string[]): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') problems.push('dependencies must be a list or an object');
  return value;
}

function fail(what: string, problems: string[]): never {
  throw badRequest(`Invalid ${what}: ${problems.join('; ')}.`, { problems });
}

/** The workflow fields of a body as a checked bundle, or undefined when the body names none. */
function workflowOf(
  dto: Pick<
    RegisterSimulationDto,
    'workflow_bundle' | 'workflow_files' | 'workflow_entrypoint' | 'workflow_type'
  >,
  maxBytes: number,
  problems: string[],
) {
  const bundled = dto.workflow_bundle !== undefined && dto.workflow_bundle !== null;
  const files = dto.workflow_files !== undefined && dto.workflow_files !== null;
  if (bundled && files) {
    problems.push('send either workflow_bundle or workflow_files, not both');
    return undefined;
  }
  const options = {
    workflowType: dto.workflow_type ?? null,
    entrypoint: dto.workflow_entrypoint ?? null,
    maxBytes,
  };
  try {
    if (bundled) return checkBundle(dto.workflow_bundle, options);
    if (files) return bundleFromFiles(dto.workflow_files!, options);
  } catch (error) {
    if (error instanceof BundleError) problems.push(...error.problems);
    else throw error;
  }
  return undefined;
}

/** Checks a registration; a 400 names every problem. */
export function prepareRegistration(dto: RegisterSimulationDto, bundleMaxBytes: number): NewSimulation {
  const problems = [...nameProblems(dto.name), ...versionProblems(dto.version)];
  const tags = tagsOf(dto.tags, problems);
  const inputSchema = dto.input_schema ?? {};
  const outputSchema = dto.output_schema ?? {};
  problems.push(
    ...schemaProblems('input_schema', inputSchema),
    ...schemaProblems('output_schema', outputSchema),
  );
  const dependencies = dependenciesOf(dto.dependencies, problems);
  const workflow = workflowOf(dto, bundleMaxBytes, problems);
  if (problems.length) fail(`simulation ${dto.name} ${dto.version}`, problems);
  return {
    name: dto.name,
    version: dto.version,
    description: dto.description ?? null,
    author: dto.author ?? null,
    author_email: dto.author_email ?? null,
    organization: dto.organization ?? null,
    license: dto.license ?? null,
    repository_url: dto.repository_url ?? null,
    documentation_url: dto.documentation_url ?? null,
    tags,
    input_schema: inputSchema,
    output_schema: outputSchema,
    workflow_type: dto.workflow_type ?? null,
    workflow_hash: dto.workflow_hash ?? workflow?.hash ?? null,
    workflow_bundle: workflow?.bundle ?? null,
    bundle_bytes: workflow?.sizeBytes ?? 0,
    dependencies,
    status: dto.status ?? 'active',
    visibility: dto.visibility ?? 'public',
    metadata: dto.metadata ?? null,
    installation_id: dto.installation_id ?? null,
  };
}

/**
 * The new values of the fields a PATCH sends (null clears a field), checked like a registration.
 * `current` is the stored bundle, for an entrypoint change alone.
 */
export function prepareUpdate(
  dto: UpdateSimulationDto,
  current: { workflow_bundle: WorkflowBundle | null },
  bundleMaxBytes: number,
): Partial<NewSimulation> {
  const problems: string[] = [];
  const change: Partial<NewSimulation> = {};
  const given = <K extends keyof UpdateSimulationDto>(key: K) => dto[key] !== undefined;
  for (const key of [
    'description',
    'author',
    'author_email',
    'organization',
    'license',
    'repository_url',
    'documentation_url',
    'workflow_type',
    'metadata',
  ] as const) {
    if (given(key)) (change as Record<string, unknown>)[key] = dto[key] ?? null;
  }
  if (given('status')) change.status = dto.status ?? 'active';
  if (given('visibility')) change.visibility = dto.visibility ?? 'public';
  if (given('tags')) change.tags = tagsOf(dto.tags, problems);
  if (given('dependencies')) change.dependencies = dependenciesOf(dto.dependencies, problems);
  for (const key of ['input_schema', 'output_schema'] as const) {
    if (!given(key)) continue;
    const schema = dto[key] ?? {};
    problems.push(...schemaProblems(key, schema));
    change[key] = schema;
  }
  const replacing = given('workflow_bundle') || given('workflow_files');
  if (replacing) {
    const workflow = workflowOf(dto, bundleMaxBytes, problems);
    change.workflow_bundle = workflow?.bundle ?? null;
    change.bundle_bytes = workflow?.sizeBytes ?? 0;
    if (workflow && !given('workflow_hash')) change.workflow_hash = workflow.hash;
  } else if (given('workflow_entrypoint')) {
    const entrypoint = dto.workflow_entrypoint ?? null;
    const bundle = current.workflow_bundle;
    if (!bundle) problems.push('workflow_entrypoint needs a workflow bundle; this simulation has none');
    else if (entrypoint !== null && !bundle.files.some((f) => f.path === entrypoint))
      problems.push(`the workflow entrypoint "${entrypoint}" is not one of the bundle's files`);
    else change.workflow_bundle = { ...bundle, entrypoint };
  }
  if (given('workflow_hash')) change.workflow_hash = dto.workflow_hash ?? null;
  if (problems.length) fail('change', problems);
  return change;
}
