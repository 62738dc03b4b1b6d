export * from './blob-store';
export * from './local-blob-store';
// The S3 store itself is `@simvault/blobs/s3` (openBlobStore loads it when a bucket is configured),
// so that importing this module does not load the AWS SDK.
export type { S3BlobStore } from './s3-blob-store';
export * from './open';
export * from './write';
