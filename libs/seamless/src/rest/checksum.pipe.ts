import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badRequest } from '@simvault/core';
import { parseChecksum, type Checksum } from '../records/checksum';

/** A checksum in the path or query: 64 hex characters, answered lowercase; a clear 400 otherwise. */
@Injectable()
export class ChecksumPipe implements PipeTransform<unknown, Checksum> {
  transform(value: unknown, metadata: ArgumentMetadata): Checksum {
    const checksum = parseChecksum(value);
    if (checksum === undefined) {
      throw badRequest(
        `${metadata.data ?? 'checksum'} must be a checksum: 64 hexadecimal characters (got "${String(value).slice(0, 100)}").`,
      );
    }
    return checksum;
  }
}

/** The same for an optional query parameter. */
@Injectable()
export class OptionalChecksumPipe implements PipeTransform<unknown, Checksum | undefined> {
  private readonly required = new ChecksumPipe();

  transform(value: unknown, metadata: ArgumentMetadata): Checksum | undefined {
    return value === undefined || value === '' ? undefined : this.required.transform(value, metadata);
  }
}
