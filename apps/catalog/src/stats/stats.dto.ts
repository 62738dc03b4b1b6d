import { ApiProperty } from '@nestjs/swagger';

export class SimulationStatsResponse {
  @ApiProperty() simulation_id: number;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty() total_executions: number;
  @ApiProperty() successful: number;
  @ApiProperty() failed: number;
  @ApiProperty() cached: number;
  @ApiProperty({ description: 'successful / total, 0 when there is none.' }) success_rate: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds.' }) avg_duration: number | null;
  @ApiProperty({ type: Number, nullable: true }) min_duration: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_duration: number | null;
  @ApiProperty({ type: String, nullable: true }) last_execution_at: string | null;
}

export class CatalogOverviewResponse {
  @ApiProperty() total_simulations: number;
  @ApiProperty() active_simulations: number;
  @ApiProperty() deprecated_simulations: number;
  @ApiProperty() archived_simulations: number;
  @ApiProperty() distinct_names: number;
  @ApiProperty() total_executions: number;
  @ApiProperty() successful_executions: number;
  @ApiProperty() failed_executions: number;
  @ApiProperty() cached_executions: number;
  @ApiProperty() installations: number;
  @ApiProperty() pending_sync: number;
}
