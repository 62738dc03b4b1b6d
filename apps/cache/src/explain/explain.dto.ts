import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_CACHE_KEY_LENGTH } from '@simvault/entities';
import { JSON_VALUE } from '@simvault/core';

export class ExplainQuery {
  @ApiPropertyOptional({ description: 'The key that missed.', example: 'thermal_sim/1.0.0/350K' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CACHE_KEY_LENGTH)
  key?: string;

  @ApiPropertyOptional({ description: 'The simulation the run was of (with version and inputs).' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  simulation?: string;

  @ApiPropertyOptional({ description: 'Its version.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  @ApiPropertyOptional({
    description: 'The inputs the run was given, as a JSON object.',
    example: '{"temperature": 350, "mesh": "fine"}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(65536)
  inputs?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5, description: 'How many nearest entries.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class InputDifference {
  @ApiProperty() name: string;
  @ApiProperty({ ...JSON_VALUE, description: 'The value asked about (absent: not given).' }) given: unknown;
  @ApiProperty({ ...JSON_VALUE, description: "The entry's run's value (absent: it had none)." })
  entry: unknown;
}

export class NearestEntry {
  @ApiProperty() cache_key: string;
  @ApiProperty() execution_id: string;
  @ApiProperty() simulation_version: string;
  @ApiProperty({ description: 'The entry is of another version than the one asked about.' })
  version_differs: boolean;
  @ApiProperty({
    description: "False when the results service has no registered run for the entry's execution.",
  })
  inputs_known: boolean;
  @ApiProperty({ type: [InputDifference] }) differing_inputs: InputDifference[];
}

export class InvalidationRecord {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ ...JSON_VALUE, description: 'The filter that was applied (JSON).' }) filter: unknown;
}

export class ExplainResponse {
  @ApiProperty({
    enum: ['hit', 'expired', 'invalidated', 'absent'],
    description: 'What a lookup of the key answers now (absent when no key was given).',
  })
  verdict: 'hit' | 'expired' | 'invalidated' | 'absent';
  @ApiProperty({ type: String, nullable: true }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) simulation: string | null;
  @ApiProperty({ type: String, nullable: true }) version: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expired_at?: string | null;
  @ApiPropertyOptional({ type: InvalidationRecord, nullable: true }) invalidation?: InvalidationRecord | null;
  @ApiProperty({
    type: [NearestEntry],
    description: 'Live entries nearest to the inputs, fewest differences first.',
  })
  nearest: NearestEntry[];
  @ApiProperty({ type: [String] }) notes: string[];
}
