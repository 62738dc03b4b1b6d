import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Settings } from '@simvault/core';
import { S3BlobStore } from '../src/s3';

/** docker/object-store/server.js is plain JavaScript; this is the part of it the tests use. */
interface ObjectStoreModule {
  startObjectStore(options: {
    directory: string;
    buckets: string[];
    accessKeyId: string;
    secretAccessKey: string;
  }): Promise<{ port: number; close(): Promise<void> }>;
}
const { startObjectStore } = require('../../../docker/object-store/server') as ObjectStoreModule;

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  settings: S3Settings;
  /** A store under its own prefix of the test bucket. */
  store(prefix: string): S3BlobStore;
  /** The environment that puts an app's blob stores under `prefix` of the test bucket. */
  env(prefix: string): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server on 127.0.0.1 at a free port, storing in a temporary directory, with one
 * bucket: the object store docker-compose.yml runs (s3rver, from the npm registry, with every
 * request's version-4 signature checked against a secret made for this server).
 */
export async function startS3Server(bucket = 'simvault-test'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'simvault-s3-'));
  const accessKeyId = `test-${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64');
  const server = await startObjectStore({ directory, buckets: [bucket], accessKeyId, secretAccessKey });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const settings: S3Settings = {
    endpoint,
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: true,
    partBytes: 5 * 1024 * 1024,
    partsInFlight: 4,
  };
  const stores: S3BlobStore[] = [];
  return {
    endpoint,
    bucket,
    settings,
    store(prefix) {
      const store = new S3BlobStore(bucket, prefix, settings);
      stores.push(store);
      return store;
    },
    env(prefix) {
      return {
        SIMVAULT_BLOB_URL: `s3://${bucket}/${prefix}`,
        SIMVAULT_S3_ENDPOINT: endpoint,
        SIMVAULT_S3_ACCESS_KEY_ID: settings.accessKeyId!,
        SIMVAULT_S3_SECRET_ACCESS_KEY: settings.secretAccessKey!,
      };
    },
    async close() {
      for (const store of stores) store.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
