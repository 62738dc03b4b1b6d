import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { IsChecksum } from '../checksum.pipe';

/** A JSON body of 10,000 checksums is about 670 kB, inside the apps' default 1 MiB body limit. */
export const MAX_CHECKSUMS_PER_REQUEST = 10_000;

const EXAMPLE = '93237a60bf6417104795ed085c074d52f7ae99b5ec773004311ce665eddb4880';

export class ChecksumListDto {
  @ApiProperty({
    description: `Up to ${MAX_CHECKSUMS_PER_REQUEST} checksums (64 hex characters; uppercase is accepted).`,
    type: [String],
    example: [EXAMPLE],
  })
  @IsArray()
  @ArrayMaxSize(MAX_CHECKSUMS_PER_REQUEST)
  @IsChecksum('checksums', { each: true })
  checksums: string[];
}

export class HasBuffersResponse {
  @ApiProperty({
    description: 'For each checksum in the request, in order: whether the store holds it.',
    type: [Boolean],
  })
  has: boolean[];
}

export class BufferLengthsResponse {
  @ApiProperty({
    description: 'For each checksum in the request, in order: its length in bytes, or null when not stored.',
    type: [Number],
    nullable: true,
    example: [1024, null],
  })
  lengths: (number | null)[];
}

export class StoredBufferResponse {
  @ApiProperty({ example: EXAMPLE })
  checksum: string;
  @ApiProperty({ description: 'Length in bytes.' })
  length: number;
  @ApiProperty({
    description: 'False when the store already held this buffer (the upload was verified, then discarded).',
  })
  created: boolean;
}

export class BufferFilenameResponse {
  @ApiProperty({ example: EXAMPLE })
  checksum: string;
  @ApiProperty({
    description: 'Absolute path of the buffer file, readable (and hard-linkable) from the zone.',
  })
  filename: string;
  @ApiProperty({ description: "The store's file zone, one of those asked for." })
  zone: string;
}

export class DeletedBufferResponse {
  @ApiProperty({ example: EXAMPLE })
  checksum: string;
  @ApiProperty({ example: true })
  deleted: boolean;
}
