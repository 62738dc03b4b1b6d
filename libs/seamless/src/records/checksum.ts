/** A checksum as the protocol stores it: 64 lowercase hex characters (32 bytes). */
export type Checksum = string;

const HEX64 = /^[0-9a-fA-F]{64}$/;

/**
 * Reads a checksum the way the reference does (Python's `bytes.fromhex`: case-insensitive, ASCII
 * whitespace allowed between byte pairs), but answers undefined instead of crashing on a wrong
 * length or a non-string.
 */
export function parseChecksum(value: unknown): Checksum | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 64) return HEX64.test(value) ? value.toLowerCase() : undefined;
  if (value.length > 1024) return undefined;
  const compact = fromHexSpaced(value);
  return compact?.length === 64 ? compact : undefined;
}

function fromHexSpaced(value: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (/[ \t\n\r\v\f]/.test(value[i])) {
      i++;
      continue;
    }
    const pair = value.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) return undefined;
    out += pair.toLowerCase();
    i += 2;
  }
  return out;
}
