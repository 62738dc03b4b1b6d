// An S3-protocol object store for docker-compose.yml's production profile, where no MinIO image can
// be had (docs/operations.md, The object store): s3rver (from the npm registry) keeping objects in a
// directory, with what s3rver leaves out for anything but a test: one access key whose secret is
// given (none is built in), and every request's AWS signature version 4 checked (header or
// presigned query), so a client without the secret is refused. The tests and bench/blobs start the
// same server on 127.0.0.1 (startObjectStore).
//
// As a program: node docker/object-store/server.js, configured by the environment:
//   OBJECT_STORE_DIR            where objects are kept (default /data)
//   OBJECT_STORE_ADDRESS/PORT   where it listens (default 0.0.0.0:9000)
//   OBJECT_STORE_BUCKETS        buckets made at start, comma-separated (default simvault)
//   OBJECT_STORE_ACCESS_KEY_ID[_FILE], OBJECT_STORE_SECRET_ACCESS_KEY[_FILE]   required
// GET /minio/health/live answers 200 without credentials (MinIO's liveness path, for healthchecks).
'use strict';
const { createHash, createHmac, timingSafeEqual } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { URLSearchParams } = require('node:url');
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

/** How far a request's x-amz-date may be from this server's clock (as S3 allows). */
const MAX_SKEW_MS = 15 * 60_000;

/** RFC 3986 encoding, as SigV4 canonicalises a query. */
const encode = (value) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(rawQuery, omit) {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      const value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, '%20'));
      return [encode(key), encode(value)];
    })
    .filter(([key]) => key !== omit)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** `YYYYMMDDTHHMMSSZ` as a time in ms; NaN when it is not one. */
function amzTime(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/**
 * Why a request's signature version 4 does not hold with these credentials, as an S3 error code
 * and message; null when it holds. Checks the signature over the method, path, query and signed
 * headers (the payload by the hash the client signed, which the platform verifies itself).
 */
function signatureProblem(req, credentials, now = Date.now()) {
  const [path, rawQuery = ''] = req.url.split(/\?(.*)/s);
  const query = new URLSearchParams(rawQuery);
  let fields;
  let presigned = false;
  const authorization = req.headers.authorization;
  if (authorization) {
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
        authorization.trim(),
      );
    if (!m) return ['AccessDenied', 'Only AWS signature version 4 (AWS4-HMAC-SHA256) is accepted.'];
    fields = {
      credential: m[1],
      signedHeaders: m[2],
      signature: m[3],
      date: req.headers['x-amz-date'],
      payload: req.headers['x-amz-content-sha256'],
    };
    if (!fields.payload) return ['InvalidRequest', 'The request has no x-amz-content-sha256 header.'];
  } else if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    presigned = true;
    fields = {
      credential: query.get('X-Amz-Credential') ?? '',
      signedHeaders: query.get('X-Amz-SignedHeaders') ?? '',
      signature: query.get('X-Amz-Signature') ?? '',
      date: query.get('X-Amz-Date'),
      payload: 'UNSIGNED-PAYLOAD',
    };
  } else {
    return [
      'AccessDenied',
      'Anonymous requests are refused: sign it with the access key (AWS signature version 4).',
    ];
  }
  const scope = fields.credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request')
    return [
      'AuthorizationHeaderMalformed',
      'The credential is not <key>/<date>/<region>/<service>/aws4_request.',
    ];
  const [accessKeyId, day, region, service] = scope;
  if (accessKeyId !== credentials.accessKeyId)
    return ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'];
  const time = amzTime(fields.date);
  if (Number.isNaN(time) || fields.date.slice(0, 8) !== day)
    return ['AccessDenied', 'The request has no valid x-amz-date for its credential scope.'];
  if (presigned) {
    const expires = Number(query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
      return ['AuthorizationQueryParametersError', 'X-Amz-Expires must be 1 to 604800 seconds.'];
    if (now > time + expires * 1000) return ['AccessDenied', 'Request has expired.'];
  } else if (Math.abs(now - time) > MAX_SKEW_MS) {
    return [
      'RequestTimeTooSkewed',
      "The difference between the request time and this server's time is too large.",
    ];
  }
  const names = fields.signedHeaders.split(';');
  if (!names.includes('host')) return ['AccessDenied', 'The host header must be signed.'];
  const headers = names.map((name) => {
    const value = req.headers[name];
    return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
  });
  const canonical = [
    req.method,
    path,
    canonicalQuery(rawQuery, presigned ? 'X-Amz-Signature' : undefined),
    headers.join(''),
    fields.signedHeaders,
    fields.payload,
  ].join('\n');
  const toSign = [
    'AWS4-HMAC-SHA256',
    fields.date,
    `${day}/${region}/${service}/aws4_request`,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key = Buffer.from(`AWS4${credentials.secretAccessKey}`);
  for (const part of [day, region, service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  const expected = createHmac('sha256', key).update(toSign).digest();
  const given = Buffer.from(fields.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return [
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ];
  return null;
}

const xmlEscape = (s) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Starts the server; resolves to its port and a close(). `silent` keeps s3rver's request log off.
 * @param {{ directory: string, address?: string, port?: number, buckets?: string[], accessKeyId: string, secretAccessKey: string, silent?: boolean }} options
 */
async function startObjectStore(options) {
  const { accessKeyId, secretAccessKey } = options;
  if (!accessKeyId || !secretAccessKey)
    throw new Error('The object store needs an access key id and its secret.');
  // s3rver's own check knows only its built-in key (S3RVER/S3RVER): it is replaced by the given one.
  for (const known of [...DUMMY_ACCOUNT.accessKeys.keys()]) DUMMY_ACCOUNT.revokeAccessKey(known);
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const server = new S3rver({
    address: options.address ?? '127.0.0.1',
    port: options.port ?? 0,
    silent: options.silent ?? true,
    directory: options.directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
    // Path-style only (SIMVAULT_S3_FORCE_PATH_STYLE): s3rver would otherwise take any host name that
    // is not an IP address or localhost (compose's `objectstore`) for a bucket's.
    vhostBuckets: false,
  });
  // First in the chain: nothing reaches s3rver unsigned or signed with another secret.
  server.middleware.unshift(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/minio/health/live') {
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    const problem = signatureProblem(ctx.req, { accessKeyId, secretAccessKey });
    if (!problem) return next();
    ctx.status = problem[0] === 'InvalidRequest' || problem[0] === 'AuthorizationHeaderMalformed' ? 400 : 403;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${problem[0]}</Code><Message>${xmlEscape(problem[1])}</Message></Error>`;
  });
  const { port } = await server.run();
  return { port, close: () => server.close() };
}

/** A setting from the environment, or from the file its `_FILE` variant names (a secret). */
function setting(name) {
  const file = process.env[`${name}_FILE`];
  const value = file ? readFileSync(file, 'utf8').trim() : process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

if (require.main === module) {
  const accessKeyId = setting('OBJECT_STORE_ACCESS_KEY_ID');
  const secretAccessKey = setting('OBJECT_STORE_SECRET_ACCESS_KEY');
  if (!accessKeyId || !secretAccessKey || secretAccessKey.length < 16) {
    console.error(
      'object store: OBJECT_STORE_ACCESS_KEY_ID and OBJECT_STORE_SECRET_ACCESS_KEY (16+ characters), or their _FILE variants, are required; there are no defaults.',
    );
    process.exit(1);
  }
  startObjectStore({
    directory: process.env.OBJECT_STORE_DIR || '/data',
    address: process.env.OBJECT_STORE_ADDRESS || '0.0.0.0',
    port: Number(process.env.OBJECT_STORE_PORT || 9000),
    buckets: (process.env.OBJECT_STORE_BUCKETS || 'simvault').split(',').filter(Boolean),
    accessKeyId,
    secretAccessKey,
    silent: process.env.OBJECT_STORE_LOG !== 'requests',
  }).then(
    ({ port, close }) => {
      console.log(`object store listening on port ${port}`);
      const stop = () => close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error) => {
      console.error(`object store: ${error.message}`);
      process.exit(1);
    },
  );
}

module.exports = { startObjectStore, signatureProblem };
