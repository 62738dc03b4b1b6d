import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, loadConfig } from '@simvault/core';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import pino from 'pino';
import request from 'supertest';
import { authApp } from '../src';

describe.each(TEST_BACKENDS)('the generated first admin on %s', (backend) => {
  it('writes the password to a 0600 file and only names that file in the logs', async () => {
    const db = await createTestDatabase(backend, 'first_admin');
    let logs = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const config = loadConfig(
      {},
      { NODE_ENV: 'test', SIMVAULT_DATA_DIR: db.dir, SIMVAULT_AUTH_DATABASE_URL: db.url },
    );
    const app = await createApp(authApp(config, logger), config, logger);
    try {
      const file = join(db.dir, 'admin-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      await request(app.getHttpServer())
        .post('/session/login')
        .send({ username: 'admin', password })
        .expect(200);
      const messages = logs
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toContain(
        `created the first admin "admin"; the generated password is in ${file} (mode 0600)`,
      );
      expect(logs).not.toContain(password);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
