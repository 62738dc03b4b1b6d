import { preview } from '@simvault/buffers';
import { badRequest } from '@simvault/core';
import { MAX_ENTRY_NAME_BYTES, MAX_TAG_LENGTH } from '@simvault/entities';

// C0 controls, DEL and C1 controls: invisible in listings, and some of them cut paths short.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` cannot name a folder or file, or null when it can. */
export function nameProblem(name: unknown, what = 'name'): string | null {
  if (typeof name !== 'string') return `${what} must be a string`;
  if (name.length === 0) return `${what} must not be empty`;
  if (Buffer.byteLength(name, 'utf8') > MAX_ENTRY_NAME_BYTES)
    return `${what} must be at most ${MAX_ENTRY_NAME_BYTES} bytes long (in UTF-8)`;
  if (name.includes('/') || name.includes('\\'))
    return `${what} must not contain a path separator ("/" or "\\"): ${preview(name)} names one entry, not a path`;
  if (name === '.' || name === '..') return `${what} must not be "." or ".."`;
  if (CONTROL.test(name)) return `${what} must not contain control characters`;
  if (name.trim() === '') return `${what} must not be only spaces`;
  return null;
}

/** `name`, checked; a 400 with the rule it breaks otherwise. */
export function checkName(name: unknown, what = 'name'): string {
  const problem = nameProblem(name, what);
  if (problem) throw badRequest(`Invalid request: ${problem}.`);
  return name as string;
}

export function tagProblem(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.trim() === '') return 'each tag must be a non-empty string';
  if (tag.length > MAX_TAG_LENGTH) return `each tag must be at most ${MAX_TAG_LENGTH} characters long`;
  if (CONTROL.test(tag)) return 'tags must not contain control characters';
  return null;
}

/** The tags, checked, trimmed and without duplicates. */
export function checkTags(tags: unknown[]): string[] {
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw badRequest(`Invalid request: ${problem} (got ${preview(tag)}).`);
  }
  return [...new Set(tags.map((t) => (t as string).trim()))];
}

/**
 * A path inside an archive or export directory, from names that were written by others (a run file's
 * artifact names may hold "/" and anything else): each segment kept only if it is a valid name, with
 * control characters replaced; "", "." and ".." segments dropped. Never absolute, never climbing out.
 */
export function safeRelativePath(raw: string): string {
  return raw
    .split(/[/\\]+/)
    .map((segment) => segment.replace(new RegExp(CONTROL.source, 'g'), '_'))
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..' && segment.trim() !== '')
    .map((segment) => truncateUtf8(segment, MAX_ENTRY_NAME_BYTES))
    .join('/');
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch, 'utf8') > maxBytes) break;
    out += ch;
  }
  return out;
}
