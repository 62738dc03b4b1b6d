import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Settings } from '@simvault/core';
import {
  checkKey,
  checkPrefix,
  MeteredBody,
  type BlobInfo,
  type BlobRange,
  type BlobStore,
  type ListPage,
  type PutOptions,
  type PutResult,
} from './blob-store';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3's limit on the parts of one upload. */
const MAX_PARTS = 10_000;

/**
 * Objects in an S3-compatible bucket under a key prefix. An upload is a multipart upload completed
 * only once the body's size and digest are checked (aborted otherwise), so a refused upload never
 * becomes visible; an object up to one part is hashed in memory first and sent in one PUT.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(
    readonly bucket: string,
    /** '' or ending in '/'. */
    readonly prefix: string,
    private readonly settings: S3Settings,
  ) {
    if (settings.partBytes < MIN_PART_BYTES)
      throw new Error(
        `The S3 part size must be at least ${MIN_PART_BYTES} bytes (got ${settings.partBytes}).`,
      );
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // Checksums only where S3 requires them: many S3-compatible servers do not understand the
      // chunked trailing checksums the SDK sends by default. Our own digest check stands instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get description(): string {
    return `s3://${this.bucket}/${this.prefix}${this.settings.endpoint ? ` at ${this.settings.endpoint}` : ''}`;
  }

  localPath(): null {
    return null;
  }

  private objectKey(key: string): string {
    return this.prefix + checkKey(key);
  }

  async put(key: string, body: AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<PutResult> {
    const Key = this.objectKey(key);
    const meter = new MeteredBody(options, createHash);
    // Part buffers are reused once their upload is answered: memory stays at the parts in flight
    // plus the one being filled, instead of waiting on the collector for every freed 8 MiB.
    const pool: Buffer[] = [];
    const parts = cut(meter.through(body), this.settings.partBytes, () => pool.pop());
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await parts.next();
    if (second.done) {
      // The whole object is one part, read and checked already: one PUT.
      const digest = meter.done();
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: firstPart }));
      return { key, size: meter.size, digest };
    }
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }),
    );
    if (!UploadId) throw new Error(`The S3 server started no multipart upload for ${Key}.`);
    const completed: CompletedPart[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const send = (PartNumber: number, Body: Buffer) => {
      if (PartNumber > MAX_PARTS)
        throw new Error(`The object needs more than ${MAX_PARTS} parts: raise SIMVAULT_S3_PART_BYTES.`);
      const sending = this.client
        .send(new UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber, Body }))
        .then(
          ({ ETag }) => {
            completed.push({ ETag, PartNumber });
            if (Body.length === this.settings.partBytes) pool.push(Body);
          },
          (error: unknown) => void (failure ??= error),
        )
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    };
    try {
      send(1, firstPart);
      let number = 2;
      for (let part: IteratorResult<Buffer> = second; !part.done; part = await parts.next()) {
        while (inFlight.size >= this.settings.partsInFlight) await Promise.race(inFlight);
        if (failure) throw failure;
        send(number++, part.value);
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      const digest = meter.done();
      completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: completed },
        }),
      );
      return { key, size: meter.size, digest };
    } catch (error) {
      await Promise.allSettled(inFlight);
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return { key, size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<boolean> {
    // S3 answers a delete of a missing object as a success: ask first to answer honestly.
    if (!(await this.exists(key))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    return true;
  }

  async list(prefix: string, options: { after?: string; limit?: number } = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const limit = options.limit ?? 1000;
    // Version 1 of the listing: its Marker is exactly "after" and needs no continuation token, which
    // every S3-compatible server implements alike (s3rver's version-2 tokens fail on Node 20).
    const answer = await this.client.send(
      new ListObjectsCommand({
        Bucket: this.bucket,
        Prefix: this.prefix + prefix,
        Marker: options.after !== undefined ? this.prefix + options.after : undefined,
        MaxKeys: limit,
      }),
    );
    const items = (answer.Contents ?? []).map((o) => ({
      key: (o.Key ?? '').slice(this.prefix.length),
      size: o.Size ?? 0,
      modified: o.LastModified ?? new Date(0),
    }));
    return answer.IsTruncated && items.length > 0 ? { items, next: items[items.length - 1].key } : { items };
  }

  presignedGetUrl(
    key: string,
    options: { expiresSeconds?: number; fileName?: string } = {},
  ): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        ResponseContentDisposition: options.fileName
          ? `attachment; filename*=UTF-8''${encodeURIComponent(options.fileName)}`
          : undefined,
      }),
      { expiresIn: options.expiresSeconds ?? 300 },
    );
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }
}

/**
 * `body` as parts of exactly `size` bytes (the last one shorter), copying each byte once, into
 * buffers `reuse` hands back (a free one of `size` bytes) or new ones.
 */
async function* cut(
  body: AsyncIterable<Uint8Array>,
  size: number,
  reuse: () => Buffer | undefined,
): AsyncGenerator<Buffer> {
  let part = reuse() ?? Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const chunk of body) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(size - filled, chunk.length - offset);
      part.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield part;
        part = reuse() ?? Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield part.subarray(0, filled);
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
