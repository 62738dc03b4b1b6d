import { createHash } from 'node:crypto';

export interface BundleFile {
  path: string;
  encoding: 'base64';
  content_base64: string;
  size_bytes: number;
  sha256: string;
}

export interface WorkflowBundle {
  format_version: number;
  workflow_type: string | null;
  entrypoint: string | null;
  files: BundleFile[];
}

/** What a bundle became after checking: the bundle to store, its decoded size and its hash. */
export interface CheckedBundle {
  bundle: WorkflowBundle;
  sizeBytes: number;
  /** sha256 over each file, sorted by path, of path + NUL + content + NUL (sim2l's workflow hash). */
  hash: string;
}

export class BundleError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_FILES = 10_000;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function pathProblem(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'needs a path';
  if (path.length > 1024) return 'has a path longer than 1024 characters';
  if (/\p{Cc}/u.test(path)) return 'has a path with control characters';
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path))
    return `has path "${path}", which is not relative (use forward slashes, no leading "/")`;
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return `has path "${path}" with an empty, "." or ".." segment`;
  return null;
}

/** sim2l's workflow hash: files sorted by path (code point order), each path, NUL, content, NUL. */
export function workflowHash(files: { path: string; content: Buffer }[]): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  for (const file of sorted) {
    hash.update(file.path, 'utf8');
    hash.update('\0');
    hash.update(file.content);
    hash.update('\0');
  }
  return hash.digest('hex');
}

function finish(
  files: { path: string; content: Buffer }[],
  workflowType: string | null,
  entrypoint: string | null,
  formatVersion: number,
  maxBytes: number,
  field: string,
): CheckedBundle {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) problems.push(`${field} lists "${file.path}" twice`);
    seen.add(file.path);
  }
  if (entrypoint !== null && !seen.has(entrypoint))
    problems.push(`the workflow entrypoint "${entrypoint}" is not one of the bundle's files`);
  const sizeBytes = files.reduce((sum, f) => sum + f.content.length, 0);
  if (sizeBytes > maxBytes)
    problems.push(
      `the workflow bundle is ${sizeBytes} bytes once decoded; the limit is ${maxBytes} bytes (SIMVAULT_CATALOG_BUNDLE_MAX_BYTES)`,
    );
  if (problems.length) throw new BundleError(problems);
  return {
    bundle: {
      format_version: formatVersion,
      workflow_type: workflowType,
      entrypoint,
      files: files.map((f) => ({
        path: f.path,
        encoding: 'base64',
        content_base64: f.content.toString('base64'),
        size_bytes: f.content.length,
        sha256: sha256(f.content),
      })),
    },
    sizeBytes,
    hash: workflowHash(files),
  };
}

/**
 * A `workflow_bundle` as sent: every file's base64 decoded and checked against its `sha256` and
 * `size_bytes` (when given; filled in otherwise), paths relative and unique, the total under the limit.
 */
export function checkBundle(
  raw: unknown,
  options: { workflowType: string | null; entrypoint: string | null; maxBytes: number },
): CheckedBundle {
  if (!isPlainObject(raw)) throw new BundleError(['workflow_bundle must be an object with a files list']);
  const formatVersion = raw.format_version ?? 1;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1)
    throw new BundleError(['workflow_bundle.format_version must be a positive integer']);
  if (!Array.isArray(raw.files) || raw.files.length === 0)
    throw new BundleError(['workflow_bundle.files must be a non-empty list']);
  if (raw.files.length > MAX_FILES)
    throw new BundleError([`workflow_bundle has ${raw.files.length} files; at most ${MAX_FILES}`]);
  const problems: string[] = [];
  const files: { path: string; content: Buffer }[] = [];
  let declared = 0;
  raw.files.forEach((file: unknown, i: number) => {
    const at = `workflow_bundle.files[${i}]`;
    if (!isPlainObject(file)) return problems.push(`${at} must be an object`);
    const bad = pathProblem(file.path);
    if (bad) return problems.push(`${at} ${bad}`);
    const path = file.path as string;
    if (file.encoding !== undefined && file.encoding !== 'base64')
      return problems.push(
        `${at} ("${path}") has encoding ${JSON.stringify(file.encoding)}; only "base64" is accepted`,
      );
    if (typeof file.content_base64 !== 'string')
      return problems.push(`${at} ("${path}") needs content_base64`);
    if (typeof file.size_bytes === 'number') declared += file.size_bytes;
    // Refuse an oversized bundle before decoding it.
    if (declared > options.maxBytes) return;
    const text = file.content_base64.replace(/\s+/g, '');
    if (text.length % 4 !== 0 || !BASE64.test(text))
      return problems.push(`${at} ("${path}") content_base64 is not valid base64`);
    const content = Buffer.from(text, 'base64');
    if (file.size_bytes !== undefined && file.size_bytes !== null && file.size_bytes !== content.length)
      problems.push(
        `${at} ("${path}") says size_bytes ${JSON.stringify(file.size_bytes)} but its content is ${content.length} bytes`,
      );
    if (file.sha256 !== undefined && file.sha256 !== null) {
      const actual = sha256(content);
      if (typeof file.sha256 !== 'string' || file.sha256.toLowerCase() !== actual)
        problems.push(
          `${at} ("${path}") sha256 does not match its content (the content hashes to ${actual})`,
        );
    }
    files.push({ path, content });
  });
  if (declared > options.maxBytes)
    problems.push(
      `the workflow bundle declares ${declared} bytes; the limit is ${options.maxBytes} bytes (SIMVAULT_CATALOG_BUNDLE_MAX_BYTES)`,
    );
  if (problems.length) throw new BundleError(problems);
  const entrypoint = options.entrypoint ?? (typeof raw.entrypoint === 'string' ? raw.entrypoint : null);
  const workflowType =
    options.workflowType ?? (typeof raw.workflow_type === 'string' ? raw.workflow_type : null);
  return finish(files, workflowType, entrypoint, formatVersion, options.maxBytes, 'workflow_bundle');
}

/** `workflow_files: [{path, content}]` (plain text, what sim2l's Python client sends) as a bundle. */
export function bundleFromFiles(
  raw: { path: string; content: string }[],
  options: { workflowType: string | null; entrypoint: string | null; maxBytes: number },
): CheckedBundle {
  if (raw.length > MAX_FILES)
    throw new BundleError([`workflow_files has ${raw.length} files; at most ${MAX_FILES}`]);
  const problems: string[] = [];
  raw.forEach((file, i) => {
    const bad = pathProblem(file.path);
    if (bad) problems.push(`workflow_files[${i}] ${bad}`);
  });
  const total = raw.reduce((sum, f) => sum + Buffer.byteLength(f.content, 'utf8'), 0);
  if (total > options.maxBytes)
    problems.push(
      `the workflow files are ${total} bytes; the limit is ${options.maxBytes} bytes (SIMVAULT_CATALOG_BUNDLE_MAX_BYTES)`,
    );
  if (problems.length) throw new BundleError(problems);
  return finish(
    raw.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') })),
    options.workflowType,
    options.entrypoint,
    1,
    options.maxBytes,
    'workflow_files',
  );
}
