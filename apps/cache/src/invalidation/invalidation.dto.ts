import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** What sim2l's CacheClient.invalidate sends: all five keys always, the unset ones null. */
export class InvalidateDto {
  @ApiPropertyOptional({ nullable: true, example: 42 })
  @IsOptional()
  @IsInt()
  @Min(0)
  simulation_id?: number;

  @ApiPropertyOptional({ nullable: true, example: 'thermal_sim' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  simulation_name?: string;

  @ApiPropertyOptional({ nullable: true, example: '1.0.0' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  simulation_version?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'SQL LIKE pattern on the key: % any run, _ one character, \\ escapes.',
    example: 'thermal_sim/1.0.0/%',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  pattern?: string;

  @ApiPropertyOptional({ description: 'Invalidate every entry (admin only).' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ nullable: true, example: 'new version fixes a unit bug' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** One row of the invalidation log. */
export class InvalidationResponse {
  @ApiProperty() id: number;
  @ApiProperty() created_at: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The filter as given.' })
  filter: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() invalidated_count: number;
}

/** POST /cache/invalidate. */
export class InvalidatedResponse {
  @ApiProperty() invalidated_count: number;
  @ApiProperty({ description: "The invalidation log's row." }) invalidation_id: number;
}
