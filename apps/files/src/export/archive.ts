import type { Readable } from 'node:stream';

/** One member of an export: a directory, or a file whose bytes are opened when the writer reaches it. */
export interface ArchiveEntry {
  /** Relative, "/"-separated, made of valid names only (never absolute, never ".."). */
  path: string;
  type: 'file' | 'directory';
  size: number;
  mtime: Date;
  /** The content's digest, written into a tar as an extended attribute a client can check. */
  digest?: { algorithm: 'sha256' | 'sha3-256'; hex: string } | null;
  open?: () => Promise<Readable>;
}

/** A streamed archive whose length is known before the first byte (so the response has Content-Length). */
export interface Archive {
  contentType: string;
  extension: string;
  size: number;
  stream(): Readable;
}

/**
 * Copies an entry's bytes, failing when the source gives more or fewer than its size: an archive
 * whose headers announced a size must never carry another.
 */
export async function* entryBytes(entry: ArchiveEntry): AsyncGenerator<Buffer> {
  const source = await entry.open!();
  let seen = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      seen += buffer.length;
      if (seen > entry.size)
        throw new Error(`${entry.path} is longer than the ${entry.size} bytes announced.`);
      yield buffer;
    }
  } finally {
    source.destroy();
  }
  if (seen !== entry.size) throw new Error(`${entry.path} ended after ${seen} of ${entry.size} bytes.`);
}
