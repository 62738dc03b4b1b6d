import { Column, Entity, PrimaryColumn } from 'typeorm';

export const BUCKET_KINDS = ['node', 'environment', 'node_env', 'queue', 'queue_node'] as const;
export type BucketKind = (typeof BUCKET_KINDS)[number];

/** The latest probe of an execution bucket (a node, an environment, a queue), one per kind and label. */
@Entity('bucket_probe')
export class BucketProbeEntity {
  @PrimaryColumn({ name: 'bucket_kind', type: 'varchar', length: 20 })
  bucketKind: BucketKind;

  @PrimaryColumn({ type: 'text' })
  label: string;

  @Column({ name: 'bucket_checksum', type: 'varchar', length: 64 })
  bucketChecksum: string;

  @Column({ name: 'captured_at', type: 'text' })
  capturedAt: string;

  /** JSON text of the freshness tokens object. */
  @Column({ name: 'freshness_tokens', type: 'text' })
  freshnessTokens: string;
}
