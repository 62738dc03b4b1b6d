import { BucketProbeEntity } from './bucket-probe.entity';
import { BufferInfoEntity } from './buffer-info.entity';
import { ExecutionRecordEntity } from './execution-record.entity';
import { ExpressionEntity } from './expression.entity';
import { IrreproducibleTransformationEntity } from './irreproducible-transformation.entity';
import { RevTransformationEntity } from './rev-transformation.entity';
import { SyntacticToSemanticEntity } from './syntactic-to-semantic.entity';
import { TransformationEntity } from './transformation.entity';
import { ChecksumsInitial1763900000000 } from './migrations/1763900000000-checksums-initial';

export {
  BucketProbeEntity,
  BufferInfoEntity,
  ExecutionRecordEntity,
  ExpressionEntity,
  IrreproducibleTransformationEntity,
  RevTransformationEntity,
  SyntacticToSemanticEntity,
  TransformationEntity,
};
export { BUCKET_KINDS, type BucketKind } from './bucket-probe.entity';

/** The checksum-records bounded context (seamless-database): its tables and their migrations. */
export const CHECKSUM_ENTITIES = [
  TransformationEntity,
  RevTransformationEntity,
  BufferInfoEntity,
  SyntacticToSemanticEntity,
  ExpressionEntity,
  ExecutionRecordEntity,
  IrreproducibleTransformationEntity,
  BucketProbeEntity,
];
export const CHECKSUM_MIGRATIONS = [ChecksumsInitial1763900000000];
export const CHECKSUM_MIGRATIONS_TABLE = 'migrations_checksums';
/** Every table a seamless-database file must have before it can be served. */
export const CHECKSUM_TABLES = [
  'transformation',
  'rev_transformation',
  'buffer_info',
  'syntactic_to_semantic',
  'expression',
  'meta_data',
  'irreproducible_transformation',
  'bucket_probe',
];
