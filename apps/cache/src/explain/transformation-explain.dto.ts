import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JSON_VALUE } from '@simvault/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class TransformationExplainQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 20,
    default: 5,
    description: 'How many nearest recorded transformations.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class ChangedPin {
  @ApiProperty() pin: string;
  @ApiProperty({ ...JSON_VALUE, description: "The recorded transformation's checksum for the pin." })
  old: unknown;
  @ApiProperty({ ...JSON_VALUE, description: "This transformation's checksum for the pin." })
  new: unknown;
}

export class PinChecksum {
  @ApiProperty() pin: string;
  @ApiProperty(JSON_VALUE) checksum: unknown;
}

export class CelltypeChange {
  @ApiProperty() pin: string;
  @ApiProperty({ description: '[celltype, subcelltype] in the recorded transformation.' }) old: unknown[];
  @ApiProperty({ description: '[celltype, subcelltype] in this one.' }) new: unknown[];
}

export class ValueChange {
  @ApiProperty(JSON_VALUE) old: unknown;
  @ApiProperty(JSON_VALUE) new: unknown;
}

export class NearestTransformation {
  @ApiProperty() checksum: string;
  @ApiProperty({ description: 'Its recorded result.' }) result: string;
  @ApiProperty({ description: 'How many differences: pins changed, added, removed, celltypes, keys.' })
  distance: number;
  @ApiProperty({ type: [ChangedPin], description: 'Inputs whose checksum differs.' }) changed: ChangedPin[];
  @ApiProperty({ type: [PinChecksum], description: 'Inputs only this transformation has.' })
  added: PinChecksum[];
  @ApiProperty({ type: [PinChecksum], description: 'Inputs only the recorded one has.' })
  removed: PinChecksum[];
  @ApiProperty({ type: [CelltypeChange] }) celltypes: CelltypeChange[];
  @ApiProperty({ type: ValueChange, nullable: true, description: '__language__, when it differs.' })
  language: ValueChange | null;
  @ApiProperty({ type: ValueChange, nullable: true, description: '__output__, when it differs.' })
  output: ValueChange | null;
  @ApiProperty({
    type: [String],
    description: 'Other dunder keys (__format__, __as__, __code_checksum__, …) that differ.',
  })
  other_keys: string[];
}

export class TransformationExplainResponse {
  @ApiProperty() checksum: string;
  @ApiProperty({ type: String, nullable: true, description: 'Its recorded result (null: none, a miss).' })
  result: string | null;
  @ApiProperty({
    enum: ['present', 'absent', 'too_large', 'not_a_transformation', 'unreadable'],
    description: 'What the buffer store holds under the checksum.',
  })
  buffer: 'present' | 'absent' | 'too_large' | 'not_a_transformation' | 'unreadable';
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The code pin's checksum (null when the buffer is not read).",
  })
  code: string | null;
  @ApiProperty({ description: 'How many recorded transformations of the same code were compared (≤ 50).' })
  compared: number;
  @ApiProperty({ type: [NearestTransformation], description: 'Nearest first.' })
  nearest: NearestTransformation[];
  @ApiProperty({ type: [String] }) notes: string[];
}
