import { ResultsInitial1764200000000 } from './migrations/1764200000000-results-initial';
import { ResultsVersionCounts1764400000000 } from './migrations/1764400000000-results-version-counts';
import { ResultsOwner1796000000001 } from './migrations/1796000000001-results-owner';
import { ResultsSchemaOk1797000000001 } from './migrations/1797000000001-results-schema-ok';
import { ResultsTags1798000000001 } from './migrations/1798000000001-results-tags';
import { ResultParameterEntity } from './result-parameter.entity';
import { ResultSchemaEntity } from './result-schema.entity';
import { ResultTagEntity } from './result-tag.entity';
import { ResultValueEntity } from './result-value.entity';
import { ResultEntity } from './result.entity';

export { ResultEntity, ResultParameterEntity, ResultSchemaEntity, ResultTagEntity, ResultValueEntity };
export { MAX_TAG_KEY, MAX_TAG_VALUE } from './migrations/1798000000001-results-tags';
export { type ResultSource } from './result.entity';
export { type ParamClass } from './result-parameter.entity';
export { MAX_SEARCHABLE_TEXT, ValueKind } from './result-value.entity';

/** The results bounded context: registered results, their typed parameter values, parameters, schemas. */
export const RESULTS_ENTITIES = [
  ResultEntity,
  ResultParameterEntity,
  ResultValueEntity,
  ResultSchemaEntity,
  ResultTagEntity,
];
export const RESULTS_MIGRATIONS = [
  ResultsInitial1764200000000,
  ResultsVersionCounts1764400000000,
  ResultsOwner1796000000001,
  ResultsSchemaOk1797000000001,
  ResultsTags1798000000001,
];
export const RESULTS_MIGRATIONS_TABLE = 'migrations_results';

export const RESULTS_SCHEMA = {
  entities: RESULTS_ENTITIES,
  migrations: RESULTS_MIGRATIONS,
  migrationsTableName: RESULTS_MIGRATIONS_TABLE,
};
export const RESULTS_TABLES = [
  'result_schemas',
  'results',
  'result_parameters',
  'result_values',
  'result_tags',
];
