// `@simvault/blobs/s3`: the S3 store, apart so that `@simvault/blobs` does not load the AWS SDK.
export * from './s3-blob-store';
