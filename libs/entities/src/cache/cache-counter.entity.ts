import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * Request counters, written behind in batches: one row for everything (`*`) and one per
 * simulation id (`sim:<id>`), so statistics never scan a request log.
 */
@Entity('cache_counters')
export class CacheCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope: string;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  requests: number;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  hits: number;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  misses: number;

  @Column({ name: 'saved_seconds', type: 'double precision', default: 0 })
  savedSeconds: number;
}
