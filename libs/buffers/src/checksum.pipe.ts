import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badRequest } from '@simvault/core';
import { Matches } from 'class-validator';
import { CHECKSUM_PATTERN, parseChecksum } from './checksum';

/**
 * The one pipe for a checksum in a route's path or query (the buffer store's and the checksum
 * records'): CHECKSUM_PATTERN, answered lowercase; anything else (a path, a short or non-hex
 * string) is a 400 naming the parameter.
 */
@Injectable()
export class ChecksumPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata?: ArgumentMetadata): string {
    try {
      return parseChecksum(value, metadata?.data ?? 'checksum');
    } catch (error) {
      throw badRequest(`${(error as Error).message}.`);
    }
  }
}

/** The same for an optional query parameter: absent or empty is undefined. */
@Injectable()
export class OptionalChecksumPipe implements PipeTransform<unknown, string | undefined> {
  private readonly required = new ChecksumPipe();

  transform(value: unknown, metadata?: ArgumentMetadata): string | undefined {
    return value === undefined || value === '' ? undefined : this.required.transform(value, metadata);
  }
}

/** The one validation rule for a checksum field of a DTO (`each` for a list of them). */
export const IsChecksum = (field: string, options: { each?: boolean } = {}): PropertyDecorator =>
  Matches(CHECKSUM_PATTERN, {
    each: options.each,
    message: `${options.each ? `each value in ${field}` : field} must be 64 hexadecimal characters`,
  });
