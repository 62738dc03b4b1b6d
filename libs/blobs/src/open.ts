import { S3_URL, type BlobSettings } from '@simvault/core';
import type { BlobStore, ExpectedDigest } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import type { S3BlobStore } from './s3-blob-store';

/** `s3://bucket/some/prefix` as the bucket and a prefix ending in "/" (or ''). */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = S3_URL.exec(url);
  if (!match)
    throw new Error(
      `The blob store URL "${url}" is not s3://bucket/prefix (a bucket name is 3 to 63 lowercase letters, digits, "." or "-").`,
    );
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1], prefix: prefix === '' ? '' : `${prefix}/` };
}

/**
 * The store one kind of bytes lives in (`name`: buffers, runs, files): `localDir` when no object
 * store is configured, else `<prefix>/<name>/` in the configured bucket; so one URL moves all of a
 * deployment's bytes, and each kind keeps apart from the others as its local directory does.
 */
export function openBlobStore(settings: BlobSettings, name: string, localDir: string): BlobStore {
  const url = settings.url;
  if (url === undefined || url === '') return new LocalBlobStore(localDir);
  if (!url.startsWith('s3://'))
    throw new Error(
      `The blob store URL "${url}" is neither unset (local directories) nor s3://bucket/prefix.`,
    );
  const { bucket, prefix } = parseS3Url(url);
  // Loaded only when a bucket is configured: the AWS SDK adds ~15 MB to a process's memory, which
  // an app on local directories should not carry.
  const s3 = require('./s3-blob-store') as { S3BlobStore: typeof S3BlobStore };
  return new s3.S3BlobStore(bucket, `${prefix}${name}/`, settings.s3);
}

/**
 * The presigned URL a download of `size` bytes of `key` redirects to (SIMVAULT_BLOB_REDIRECT_BYTES):
 * only from a bucket, and only at or past the threshold (0, the default, never); null otherwise.
 */
export function downloadRedirect(
  settings: BlobSettings,
  store: BlobStore,
  key: string,
  size: number,
  fileName: string,
): Promise<string | null> {
  const threshold = settings.redirectBytes;
  if (store.kind !== 's3' || threshold <= 0 || size < threshold) return Promise.resolve(null);
  return store.presignedGetUrl(key, { fileName, expiresSeconds: 300 });
}

/**
 * One kind of bytes that readers open in place from a local directory (SQLite reads run files
 * there), with the object store, when one is configured, as the copy every replica shares:
 * `localCopy` answers the local path, first fetching the object (verified) when this replica has
 * no copy yet (another host's, or a disk that was lost).
 */
export class LocallyCachedBlobs {
  readonly local: LocalBlobStore;
  /** The shared object store, or null when the local directory is the only copy. */
  readonly shared: BlobStore | null;

  constructor(settings: BlobSettings, name: string, localDir: string) {
    this.local = new LocalBlobStore(localDir);
    const store = openBlobStore(settings, name, localDir);
    this.shared = store.kind === 'local' ? null : store;
  }

  /** The local path of `key`, fetched from the object store when missing; null when no store holds it. */
  async localCopy(key: string, expectedDigest: ExpectedDigest): Promise<string | null> {
    const path = this.local.localPath(key);
    if (await this.local.exists(key)) return path;
    const body = this.shared ? await this.shared.get(key) : null;
    if (!body) return null;
    await this.local.put(key, body, { expectedDigest });
    return path;
  }
}
