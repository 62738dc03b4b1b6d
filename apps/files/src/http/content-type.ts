import { extname } from 'node:path';

/** What a run's files usually are; anything else is application/octet-stream. */
const BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.json': 'application/json',
  '.ipynb': 'application/x-ipynb+json',
  '.xml': 'application/xml',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.h5': 'application/x-hdf5',
  '.hdf5': 'application/x-hdf5',
  '.nc': 'application/x-netcdf',
  '.npy': 'application/octet-stream',
  '.db': 'application/vnd.sqlite3',
  '.sqlite': 'application/vnd.sqlite3',
};

/**
 * A media type as a Content-Type header carries it: `type/subtype`, each starting with a letter or
 * digit (so no `../..`), then `; name=value` parameters; no control characters anywhere (no CR, LF
 * or NUL to split a header or hide in a name).
 */
export const MEDIA_TYPE =
  /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(\s*;\s*[\w!#$&^.+-]+=("[^"\p{Cc}]*"|[\w!#$&^.+-]+))*$/u;

/** Whether `text` is a media type (`MEDIA_TYPE`). */
export const isMediaType = (text: string): boolean => MEDIA_TYPE.test(text);

/** A Content-Type: the one recorded when it is a plausible media type, else one guessed from the name. */
export function contentTypeOf(recorded: string | null | undefined, name: string): string {
  if (recorded && isMediaType(recorded)) return recorded;
  return BY_EXTENSION[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
