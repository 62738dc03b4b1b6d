import { Injectable, type PipeTransform } from '@nestjs/common';
import { badRequest } from '@simvault/core';
import { parseChecksum } from './checksum';

/** A route's `:checksum`, lowercased; anything else (a path, a short or non-hex string) is a 400. */
@Injectable()
export class ChecksumPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    try {
      return parseChecksum(value);
    } catch (error) {
      throw badRequest(`${(error as Error).message}.`);
    }
  }
}
