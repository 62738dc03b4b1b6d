// The HTTP ceiling for bench/buffers: plain node:http that discards an upload and streams a file
// back, with no hashing, no temporary file and no fsync. Files are served from BARE_DIR by name.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { join } = require('node:path');
const { pipeline } = require('node:stream');

const dir = process.env.BARE_DIR;
http
  .createServer((req, res) => {
    if (req.url === '/healthcheck') return res.end('OK');
    if (req.method === 'PUT') {
      req.resume();
      req.on('end', () => res.writeHead(200).end('OK'));
      return;
    }
    const path = join(dir, req.url.slice(1));
    res.writeHead(200, { 'Content-Length': fs.statSync(path).size });
    pipeline(fs.createReadStream(path, { highWaterMark: 1024 * 1024 }), res, () => undefined);
  })
  .listen(Number(process.env.BARE_PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
