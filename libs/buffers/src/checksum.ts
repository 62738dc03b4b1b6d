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

/**
 * Reads a checksum as the reference servers do (Seamless's `parse_checksum`: Python's
 * `bytes.fromhex`, so case-insensitive and with ASCII whitespace allowed between byte pairs, then
 * 32 bytes), answering the lowercase hex or, for what it cannot read, Python's own message
 * (`Wrong length`, `non-hexadecimal number found in fromhex() arg at position N`). The
 * hashserver's copy of `parse_checksum` also refuses a string of odd length first (`evenLength`).
 * Where the references crash (a value that is not a string), the message says what was expected.
 */
export function readHexChecksum(
  value: unknown,
  options: { evenLength?: boolean } = {},
): { checksum: string } | { error: string } {
  if (typeof value !== 'string') return { error: 'a checksum must be a string' };
  if (value.length === 64 && CHECKSUM_PATTERN.test(value)) return { checksum: value.toLowerCase() };
  // Python counts the string's length in code points, and reports positions in them.
  const chars = [...value];
  if (options.evenLength && chars.length % 2 === 1) return { error: 'Wrong length' };
  let hex = '';
  for (let i = 0; i < chars.length;) {
    if (PY_SPACE.has(chars[i])) {
      i++;
      continue;
    }
    for (const at of [i, i + 1]) {
      if (at >= chars.length || !HEX_DIGIT.test(chars[at])) {
        return { error: `non-hexadecimal number found in fromhex() arg at position ${at}` };
      }
    }
    hex += chars[i] + chars[i + 1];
    i += 2;
  }
  return hex.length === 64 ? { checksum: hex.toLowerCase() } : { error: 'Wrong length' };
}

/** What Python's bytes.fromhex skips between byte pairs. */
const PY_SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const HEX_DIGIT = /^[0-9a-fA-F]$/;

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
