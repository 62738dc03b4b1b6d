import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class InvalidateDto {
  @ApiProperty({ example: 'wrong mesh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
