import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Settings } from '@simvault/core';
import { S3BlobStore } from '../src/s3';

/** s3rver has no type declarations; this is the part of it the tests use. */
interface S3rverInstance {
  /** Resolves to the address it listens on. */
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: object) => S3rverInstance;
const S3rver = require('s3rver') as S3rverClass;

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
 * A real S3-protocol server (s3rver, from the npm registry) on 127.0.0.1 at a free port, storing in
 * a temporary directory, with one bucket; its default credentials are checked on every request.
 */
export async function startS3Server(bucket = 'simvault-test'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'simvault-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings: S3Settings = {
    endpoint,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
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
