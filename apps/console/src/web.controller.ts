import { Controller, Get, Next, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@simvault/core';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** Where `npx pnpm@12.21.0 build` puts the front end (`apps/console/web/dist`, outside the compiled dist/ so the
 * two builds own separate folders), from src/ or dist/ alike. */
export const WEB_DIR = resolve(__dirname, '..', 'web', 'dist');

/** The page may load only what the console itself serves: no CDN, no inline script, no framing. */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Paths that belong to the app's other routes, never to the page. */
const NOT_PAGES = /^\/(api|console|health|docs|openapi\.json)(\/|$)/;

/**
 * The built single-page front end: its files (hashed names under /assets, cached for good), and
 * index.html for every other path, so a page's URL can be reloaded or bookmarked.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  // Public: the page and its scripts hold no data; every call they make carries the session.
  @Get(['', '*path'])
  @Public()
  serve(@Req() req: Request, @Res() res: Response, @Next() next: NextFunction): void {
    if (NOT_PAGES.test(req.path)) return next();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    let file: string | undefined;
    if (extname(req.path) !== '') {
      let relative: string;
      try {
        relative = decodeURIComponent(req.path);
      } catch {
        relative = '';
      }
      const candidate = resolve(WEB_DIR, `.${relative}`);
      if (candidate.startsWith(WEB_DIR + sep) && existsSync(candidate) && statSync(candidate).isFile())
        file = candidate;
      else {
        res.status(404).json({ error: 'Not found', statusCode: 404 });
        return;
      }
    }
    if (file) {
      res.setHeader(
        'Cache-Control',
        req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.sendFile(file);
      return;
    }
    const index = join(WEB_DIR, 'index.html');
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The console front end is not built: run `npx pnpm@12.21.0 build` and start again.');
      return;
    }
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  }
}
