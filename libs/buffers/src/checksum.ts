import type { BufferHash } from '@simvault/core';

/** 32 bytes as 64 hex characters; uppercase is accepted and stored lowercase. */
export const CHECKSUM_PATTERN = /^[0-9a-fA-F]{64}$/;

/**
 * A file zone names a file system shared by the store and its clients. Zone names are compared,
 * never joined into paths, but they are refused unless plain, so none can ever smuggle a path in.
 */
export const ZONE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Bad input from a caller: a checksum or zone name that is not one. */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** A short, printable rendering of untrusted input for error messages. */
export function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

export function isChecksum(value: unknown): value is string {
  return typeof value === 'string' && CHECKSUM_PATTERN.test(value);
}

/** The lowercase checksum, or an InvalidInputError that says what is wrong with it. */
export function parseChecksum(value: unknown, what = 'checksum'): string {
  if (typeof value !== 'string') {
    throw new InvalidInputError(`${what} must be a string of 64 hexadecimal characters, not ${typeof value}`);
  }
  if (!CHECKSUM_PATTERN.test(value)) {
    throw new InvalidInputError(
      `${what} must be 64 hexadecimal characters (got ${preview(value)}, ${value.length} characters)`,
    );
  }
  return value.toLowerCase();
}

export function parseZone(value: unknown): string {
  if (typeof value !== 'string' || !ZONE_PATTERN.test(value)) {
    throw new InvalidInputError(
      `${preview(value)} is not a zone name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return value;
}

/** Node's name for each hash Simvault offers. */
export const NODE_HASH: Record<BufferHash, string> = { 'sha-256': 'sha256', 'sha3-256': 'sha3-256' };

export const BUFFER_HASHES = Object.keys(NODE_HASH) as BufferHash[];
