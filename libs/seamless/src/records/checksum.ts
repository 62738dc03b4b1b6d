import { readHexChecksum } from '@simvault/buffers/standalone';

/** A checksum as the protocol stores it: 64 lowercase hex characters (32 bytes). */
export type Checksum = string;

/**
 * Reads a checksum the way the reference does (Python's `bytes.fromhex`: case-insensitive, ASCII
 * whitespace allowed between byte pairs), but answers undefined instead of crashing on a wrong
 * length or a non-string.
 */
export function parseChecksum(value: unknown): Checksum | undefined {
  // A longer string cannot be 32 bytes of spaced hex anyone sends; not worth reading.
  if (typeof value === 'string' && value.length > 1024) return undefined;
  const read = readHexChecksum(value);
  return 'checksum' in read ? read.checksum : undefined;
}
