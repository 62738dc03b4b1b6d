import type { FileHandle } from 'node:fs/promises';

/** Big files are read and written this much at a time: large enough for throughput, small enough for RSS. */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes `body` to `handle` in batches of at least STREAM_CHUNK_BYTES (one writev each), one batch
 * in flight while the next arrives and is hashed or counted by the caller's generator: about two
 * batches in memory. A stream piped into fs.createWriteStream instead waits for each chunk's write
 * (a socket's 64 KiB ones too) before the next is pulled, which measured 2 to 3 times slower for a
 * 1 GiB file (docs/benchmarks.md, bench/blobs). Its own module, free of the store's imports, so
 * the client library can use it (`@simvault/blobs/write`).
 */
export async function writeBatched(handle: FileHandle, body: AsyncIterable<Uint8Array>): Promise<number> {
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let total = 0;
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const chunk of body) {
      batch.push(chunk);
      batchBytes += chunk.length;
      total += chunk.length;
      if (batchBytes >= STREAM_CHUNK_BYTES) {
        await writing;
        writing = writeAll(handle, batch, batchBytes);
        batch = [];
        batchBytes = 0;
      }
    }
    await writing;
    await writeAll(handle, batch, batchBytes);
    return total;
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
}

async function writeAll(handle: FileHandle, chunks: Uint8Array[], bytes: number): Promise<void> {
  if (bytes === 0) return;
  const { bytesWritten } = await handle.writev(chunks);
  if (bytesWritten !== bytes) throw new Error(`Short write to a file (${bytesWritten} of ${bytes} bytes).`);
}
