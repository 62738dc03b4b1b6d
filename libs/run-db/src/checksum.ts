import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  /** sha256, lowercase hex. */
  sha256: string;
  sizeBytes: number;
}

/** sha256 and size of a file, read as a stream (a run's artifacts and run files can be large). */
export function sha256File(path: string): Promise<FileDigest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    createReadStream(path, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk: string | Buffer) => {
        hash.update(chunk);
        sizeBytes += chunk.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), sizeBytes }));
  });
}

export function sha256Bytes(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
