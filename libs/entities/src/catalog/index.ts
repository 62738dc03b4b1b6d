import { ExecutionEntity } from './execution.entity';
import { InstallationEntity } from './installation.entity';
import { CatalogInitial1764100000000 } from './migrations/1764100000000-catalog-initial';
import { SimulationAuditEntity } from './simulation-audit.entity';
import { SimulationTagEntity } from './simulation-tag.entity';
import { SimulationEntity } from './simulation.entity';
import { SyncItemEntity } from './sync-item.entity';

export {
  ExecutionEntity,
  InstallationEntity,
  SimulationAuditEntity,
  SimulationEntity,
  SimulationTagEntity,
  SyncItemEntity,
};
export {
  SIMULATION_STATUSES,
  SIMULATION_VISIBILITIES,
  WORKFLOW_TYPES,
  type SimulationStatus,
  type SimulationVisibility,
  type WorkflowType,
} from './simulation.entity';
export type { ExecutionOutcome } from './execution.entity';
export type { AuditAction } from './simulation-audit.entity';
export type { SyncItemStatus } from './sync-item.entity';

/** The catalog bounded context: simulations and their tags, executions, the audit log, auto-sync. */
export const CATALOG_ENTITIES = [
  SimulationEntity,
  SimulationTagEntity,
  ExecutionEntity,
  SimulationAuditEntity,
  InstallationEntity,
  SyncItemEntity,
];
export const CATALOG_MIGRATIONS = [CatalogInitial1764100000000];
export const CATALOG_MIGRATIONS_TABLE = 'migrations_catalog';

export const CATALOG_SCHEMA = {
  entities: CATALOG_ENTITIES,
  migrations: CATALOG_MIGRATIONS,
  migrationsTableName: CATALOG_MIGRATIONS_TABLE,
};
/** Tables the catalog migration creates (besides SQLite's FTS table). */
export const CATALOG_TABLES = [
  'simulations',
  'simulation_tags',
  'executions',
  'simulation_audit',
  'installations',
  'sync_items',
];
