import { pipeline, type Readable } from 'node:stream';
import type { Request, Response } from 'express';

/** A byte range, both ends included (as in Content-Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What a 302 of a content download means, for the OpenAPI documents. */
export const REDIRECT_DESCRIPTION =
  'Large content kept in an object store (SIMVAULT_BLOB_REDIRECT_BYTES): Location is a presigned URL of it, valid for 5 minutes.';

export interface ContentToSend {
  /** The content's digest (hex): its ETag, since the same digest is the same bytes. */
  etag: string | null;
  size: number;
  contentType: string;
  /** Offered as the download's file name. */
  filename: string;
  /**
   * The bytes, verified against the digest as they stream; with a range, only those bytes, which
   * cannot be verified on their own (the digest is of the whole).
   */
  open(range?: ByteRange): Promise<Readable>;
  /** Told when the stream fails after the headers went out (the response is then cut short). */
  onError?(error: Error): void;
  /** Where a GET is sent instead (302): a presigned URL of the object store, for large content. */
  redirect?(): Promise<string | null>;
}

/** `If-None-Match` names this ETag (or `*`). */
export function matchesEtag(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === `"${etag}"`;
  });
}

/**
 * The one range a `Range` header asks for in content of `size` bytes; `null` to send it all (no
 * header, another unit, several ranges or a malformed one, which RFC 9110 lets a server ignore);
 * `'unsatisfiable'` when the range starts past the end.
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === '' ? Infinity : Number(match[2]);
  if (last < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

/** `If-Range` allows the range: absent, or this ETag (a date never matches: no Last-Modified here). */
function rangeStillValid(req: Request, etag: string | null): boolean {
  const header = req.headers['if-range'];
  return header === undefined || (etag !== null && String(header).trim() === `"${etag}"`);
}

/** `attachment` with a plain fallback name and the exact one (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Answers with the content, streamed: Content-Type, Content-Length and ETag; a 304 when the client
 * already has it; one byte range with 206 (`Range: bytes=…`, `If-Range`), 416 for a range past the
 * end; headers only for HEAD. Content written by others is never rendered by a browser on
 * this origin (an attachment, nosniff, a sandboxing CSP). A stream that fails midway (content that no
 * longer matches, a file gone) cuts the response short: the client sees a failed transfer.
 */
export async function sendContent(req: Request, res: Response, content: ContentToSend): Promise<void> {
  if (content.etag) {
    res.setHeader('ETag', `"${content.etag}"`);
    if (matchesEtag(req, content.etag)) {
      res.status(304).end();
      return;
    }
  }
  const location = req.method === 'GET' && content.redirect ? await content.redirect() : null;
  if (location) {
    // The object store serves the bytes (and any Range) itself; the URL expires, so it is not cached.
    res.status(302).set({ Location: location, 'Cache-Control': 'no-store' }).end();
    return;
  }
  const range =
    req.method === 'GET' && rangeStillValid(req, content.etag)
      ? requestedRange(req.headers.range, content.size)
      : null;
  if (range === 'unsatisfiable') {
    res
      .status(416)
      .set('Content-Range', `bytes */${content.size}`)
      .json({
        error: `The range ${req.headers.range} lies outside the ${content.size} bytes of ${content.filename}.`,
        statusCode: 416,
      });
    return;
  }
  const source = req.method === 'HEAD' ? null : await content.open(range ?? undefined);
  if (range) {
    res.status(206).set({
      'Content-Range': `bytes ${range.start}-${range.end}/${content.size}`,
      'Content-Length': String(range.end - range.start + 1),
    });
  } else {
    res.status(200).set('Content-Length', String(content.size));
  }
  res.set({
    'Accept-Ranges': 'bytes',
    'Content-Type': content.contentType,
    'Content-Disposition': attachment(content.filename),
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  if (!source) {
    res.end();
    return;
  }
  pipeline(source, res, (error) => {
    if (error && !res.writableFinished && error.code !== 'ERR_STREAM_PREMATURE_CLOSE')
      content.onError?.(error);
  });
}
