import { Body, Controller, Get, Module, Param, Post, Query, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../bootstrap';
import { loadConfig } from '../config/config';
import { CoreModule } from '../core.module';
import { createLogger } from '../logging/logger';
import { Public } from './access';
import { INT32_MAX, IntegerIdPipe, MAX_JSON_DEPTH } from './input-limits';
import { PageQueryDto } from './pagination';

class Part {
  @IsInt()
  @Min(0)
  count!: number;
}

class Payload {
  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  seconds?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size?: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Part)
  parts?: Part[];
}

const stored: unknown[] = [];

@Controller()
class LimitsController {
  @Post('echo')
  @Public()
  echo(@Body() body: Payload) {
    stored.push(body);
    return body;
  }

  @Get('items')
  @Public()
  list(@Query() page: PageQueryDto) {
    return page;
  }

  @Get('items/:id')
  @Public()
  get(@Param('id', IntegerIdPipe('The item id must be a whole number.')) id: number) {
    return { id };
  }

  @Get('names/:name')
  @Public()
  name(@Param('name') name: string) {
    return { name };
  }
}

function limitsApp(config: ReturnType<typeof loadConfig>): DynamicModule {
  @Module({})
  class LimitsAppModule {}
  return {
    module: LimitsAppModule,
    imports: [CoreModule.forRoot('limits', config, createLogger('silent'))],
    controllers: [LimitsController],
  };
}

describe('limits on input where it enters', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const bad = (res: request.Response, sentence: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.stringMatching(sentence), statusCode: 400 });
  };

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SIMVAULT_DATA_DIR: mkdtempSync(join(tmpdir(), 'simvault-limits-')),
    });
    app = await createApp(
      { name: 'limits', title: 'limits', description: 'limits', module: limitsApp(config), port: 0 },
      config,
      createLogger('silent'),
    );
  });
  afterAll(() => app.close());
  beforeEach(() => (stored.length = 0));

  const post = (text: string) => http().post('/echo').set('Content-Type', 'application/json').send(text);

  it('refuses JSON nested deeper than the limit before validation recurses, deep or not', async () => {
    const nested = (depth: number) => `{"parts":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    bad(await post(nested(10_000)), /nests deeper than 64 levels/);
    bad(await post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /nests deeper than 64 levels/);
    expect(stored).toEqual([]);
    // At the limit, the body goes on to its route.
    expect((await post(nested(MAX_JSON_DEPTH))).status).toBe(201);
  });

  it('refuses a lone surrogate or a NUL in a JSON string or key, the query or the path', async () => {
    bad(await post('{"email":"\\ud800@example.org"}'), /lone UTF-16 surrogate/);
    bad(await post('{"email":"a\\udc00"}'), /lone UTF-16 surrogate/);
    bad(await post('{"email":"a\\u0000@example.org"}'), /NUL character/);
    bad(await post('{"x\\u0000":1}'), /A field name .*NUL character/);
    bad(await http().get('/items?offset=1%00'), /query string contains a NUL/);
    bad(await http().get('/names/a%00b'), /request path contains a NUL/);
    bad(await http().get('/names/%ED%A0%80'), /not valid percent-encoded UTF-8/);
    // A well-formed pair is a character like any other.
    expect((await post('{"email":"\\ud83d\\ude00@example.org"}')).body.error).toMatch(
      /email must be an email/,
    );
    expect((await http().get('/names/%F0%9F%98%80')).body).toEqual({ name: '😀' });
    expect(stored).toEqual([]);
  });

  it('refuses numbers outside what their fields hold: infinite, beyond safe integers or a column', async () => {
    bad(await post('{"seconds":1e400}'), /number too large/);
    bad(await post('{"seconds":1e308}'), /seconds must be a number between 0 and 1000000000000000/);
    bad(await post('{"size":18446744073709551616}'), /size must not be greater than 9007199254740991/);
    bad(
      await post('{"parts":[{"count":1},{"count":4294967296}]}'),
      /count must be a whole number between 0 and 2147483647/,
    );
    bad(
      await http().get('/items?offset=18446744073709551616'),
      /offset must be a whole number between 0 and 2147483647/,
    );
    bad(await http().get(`/items?offset=${INT32_MAX + 1}`), /offset must be a whole number/);
    bad(await http().get('/items/99999999999'), /The item id must be a whole number/);
    expect(stored).toEqual([]);
    // Within range, all is taken.
    expect(
      (await post(`{"seconds":1e15,"size":${Number.MAX_SAFE_INTEGER},"parts":[{"count":${INT32_MAX}}]}`))
        .status,
    ).toBe(201);
    expect((await http().get(`/items?offset=${INT32_MAX}`)).body).toEqual({ limit: 50, offset: INT32_MAX });
    expect((await http().get(`/items/${INT32_MAX}`)).body).toEqual({ id: INT32_MAX });
  });
});
