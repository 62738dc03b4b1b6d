// The bare HTTP route bench/blobs compares the files app with (docs/benchmarks.md, How we measure):
// node:http alone, no framework, no auth, no hash. A PUT's body goes to one file (1 MiB writes,
// fsynced, as the stores make theirs durable); a GET streams that file back. Prints its port.
//   node bare-server.js <file>
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { pipeline } = require('node:stream/promises');

const file = process.argv[2];
const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'PUT') {
      await pipeline(req, fs.createWriteStream(file, { highWaterMark: 1024 * 1024 }));
      const fd = fs.openSync(file, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ created: true }));
    } else {
      res.setHeader('content-length', String(fs.statSync(file).size));
      await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), res);
    }
  } catch (error) {
    res.destroy(error);
  }
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
