import { pipeline, type Readable } from 'node:stream';
import type { Request, Response } from 'express';

export interface ContentToSend {
  /** The content's digest (hex): its ETag, since the same digest is the same bytes. */
  etag: string | null;
  size: number;
  contentType: string;
  /** Offered as the download's file name. */
  filename: string;
  open(): Promise<Readable>;
  /** Told when the stream fails after the headers went out (the response is then cut short). */
  onError?(error: Error): void;
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

/** `attachment` with a plain fallback name and the exact one (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Answers with the content, streamed: Content-Type, Content-Length and ETag; a 304 when the client
 * already has it; headers only for HEAD. Content written by others is never rendered by a browser on
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
  const source = req.method === 'HEAD' ? null : await content.open();
  res.status(200).set({
    'Content-Type': content.contentType,
    'Content-Length': String(content.size),
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
