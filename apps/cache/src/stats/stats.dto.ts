import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One hour (UTC) of lookups. */
export class StatsBucket {
  @ApiProperty() start: string;
  @ApiProperty() requests: number;
  @ApiProperty() hits: number;
  @ApiProperty() misses: number;
  @ApiProperty() hit_rate: number;
  @ApiProperty() time_saved_seconds: number;
}

/** GET /cache/stats/history: hourly buckets, oldest first. */
export class StatsHistoryResponse {
  @ApiProperty({ enum: [3600] }) bucket_seconds: number;
  @ApiProperty({ type: [StatsBucket] }) buckets: StatsBucket[];
}

/** One simulation's lookups among the busiest. */
export class SimulationStats {
  @ApiProperty() simulation_id: number;
  @ApiProperty() total_requests: number;
  @ApiProperty() total_hits: number;
  @ApiProperty() total_misses: number;
  @ApiProperty() hit_rate: number;
  @ApiProperty() hit_rate_percent: number;
  @ApiProperty() time_saved_seconds: number;
}

/**
 * GET /cache/stats, in the union of sim2l's shapes (both its backends' field names): overall with
 * by_simulation, or for one simulation_id.
 */
export class CacheStatsResponse {
  @ApiPropertyOptional({ description: 'Given ?simulation_id=: that simulation.' }) simulation_id?: number;
  @ApiProperty() total_entries: number;
  @ApiProperty() valid_entries: number;
  @ApiProperty() invalidated_entries: number;
  @ApiProperty() expired_entries: number;
  @ApiProperty() total_requests: number;
  @ApiProperty({ description: 'sim2l: total_requests.' }) total_accesses: number;
  @ApiProperty() total_hits: number;
  @ApiProperty({ description: 'sim2l: total_hits.' }) cache_hits: number;
  @ApiProperty() total_misses: number;
  @ApiProperty({ description: 'sim2l: total_misses.' }) cache_misses: number;
  @ApiProperty() hit_rate: number;
  @ApiProperty() hit_rate_percent: number;
  @ApiProperty({ description: 'Of valid entries.' }) total_size_bytes: number;
  @ApiProperty() total_size_mb: number;
  @ApiProperty() time_saved_seconds: number;
  @ApiPropertyOptional({
    type: [SimulationStats],
    description: 'Overall only: the busiest simulations (100).',
  })
  by_simulation?: SimulationStats[];
}
