import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Bytes that are not what the index says they are (changed or truncated since). */
export class ContentMismatchError extends Error {
  constructor(what: string, problem: string) {
    super(`${what} no longer matches what was indexed: ${problem}.`);
    this.name = 'ContentMismatchError';
  }
}

/**
 * Passes bytes through while counting and hashing them, holding the last chunk back until both are
 * checked: content that no longer matches its size or digest ends in an error instead of its last
 * bytes, so a client never receives a complete, wrong file (the response is cut short).
 */
export class VerifyingStream extends Transform {
  private readonly hasher: Hash | null;
  private held: Buffer | undefined;
  private seen = 0;

  constructor(
    private readonly what: string,
    private readonly size: number,
    /** Node's hash name and the hex digest expected; null checks the size only. */
    private readonly digest: { algorithm: string; hex: string } | null,
  ) {
    super();
    this.hasher = digest ? createHash(digest.algorithm) : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.size) {
      callback(new ContentMismatchError(this.what, `it is longer than ${this.size} bytes`));
      return;
    }
    this.hasher?.update(chunk);
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    if (this.seen !== this.size) {
      callback(new ContentMismatchError(this.what, `it has ${this.seen} bytes, not ${this.size}`));
      return;
    }
    const actual = this.hasher?.digest('hex');
    if (this.digest && actual !== this.digest.hex) {
      callback(
        new ContentMismatchError(
          this.what,
          `its ${this.digest.algorithm} is ${actual}, not ${this.digest.hex}`,
        ),
      );
      return;
    }
    callback(null, this.held);
  }
}
