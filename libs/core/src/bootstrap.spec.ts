import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from './bootstrap';
import { loadConfig } from './config/config';
import { CoreModule } from './core.module';
import { Public } from './http/access';

@Controller()
class FailingController {
  @Get('fail')
  @Public()
  fail(): never {
    throw new Error('the database went away');
  }
}

/** An app whose one route fails as a broken database would: a 500 that must be logged. */
function failingApp(name: string, config: ReturnType<typeof loadConfig>, logger: pino.Logger): DynamicModule {
  @Module({})
  class FailingAppModule {}
  return {
    module: FailingAppModule,
    imports: [CoreModule.forRoot(name, config, logger)],
    controllers: [FailingController],
  };
}

describe('createApp', () => {
  it('logs each app’s errors with its own service name, several apps in one process as under `simvault up`', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const config = loadConfig({
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: mkdtempSync(join(tmpdir(), 'simvault-boot-')),
    });
    const names = ['auth', 'cache', 'files'];
    const apps = [];
    for (const name of names)
      apps.push(
        await createApp(
          { name, title: name, description: name, module: failingApp(name, config, logger), port: 0 },
          config,
          logger,
        ),
      );
    try {
      for (const [i, app] of apps.entries()) {
        const res = await request(app.getHttpServer()).get('/fail').set('X-Request-Id', `req-${names[i]}`);
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: 'Internal server error', statusCode: 500 });
      }
      const errors = lines.filter((l) => l.level === 50);
      expect(errors.map((l) => [l.service, l.reqId])).toEqual(names.map((n) => [n, `req-${n}`]));
      expect(errors.every((l) => String(l.msg).includes('the database went away'))).toBe(true);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});
