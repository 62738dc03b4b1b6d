import 'reflect-metadata';
import { DynamicModule, INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import type { SimvaultConfig } from './config/config';
import { createValidationPipe, HttpErrorFilter } from './http/errors';
import { inputLimits } from './http/input-limits';
import { floatAnswers, keepFloatText, markBodyFloats } from './http/json-floats';
import { RawBodyRoutes } from './http/raw-body';
import { Logger, PinoNestLogger } from './logging/logger';
import { requestLogger } from './logging/request-id';

export interface AppSpec {
  /** Service name: logs, health and OpenAPI title. */
  name: string;
  title: string;
  description: string;
  /** The root module, already configured (e.g. `AuthAppModule.forRoot(config, logger)`). */
  module: Type<unknown> | DynamicModule;
  port: number;
  /** Largest JSON body this app takes, when it needs more than SIMVAULT_BODY_LIMIT_BYTES. */
  bodyLimitBytes?: number;
}

/** The one way every Simvault app is put together: same body limits, errors, logs and docs. */
export async function createApp(
  spec: AppSpec,
  config: SimvaultConfig,
  logger: Logger,
): Promise<NestExpressApplication> {
  const appLogger = logger.child({ service: spec.name });
  const app = await NestFactory.create<NestExpressApplication>(spec.module, new ExpressAdapter(), {
    // Nest's framework messages: one logger per process (the last app's, under `simvault up`).
    logger: new PinoNestLogger(appLogger),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // No hash of every JSON answer for a weak ETag; routes that serve content set their own.
  app.set('etag', false);
  // X-Forwarded-For is believed only from configured proxies; req.ip is the client otherwise.
  app.set('trust proxy', config.auth.trustedProxies.length > 0 ? config.auth.trustedProxies : false);
  app.use(requestLogger(appLogger));
  // JSON bodies are parsed before routing, except for @RawBody() routes (known once the app is
  // initialised, before it listens), whose handlers stream the bytes themselves.
  const rawRoutes = new RawBodyRoutes();
  app.useBodyParser('json', {
    limit: Math.max(config.bodyLimitBytes, spec.bodyLimitBytes ?? 0),
    type: (req: Request) => Boolean(req.is('application/json')) && !rawRoutes.matches(req),
    verify: keepFloatText,
  });
  // Depth, NUL, lone surrogates and non-finite numbers, before routing and validation (and before
  // the float marks walk the body).
  app.use(inputLimits());
  app.use(markBodyFloats);
  floatAnswers((app.getHttpAdapter().getInstance() as { response: Response }).response);
  app.useGlobalFilters(new HttpErrorFilter(appLogger));
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(spec.title)
      .setDescription(spec.description)
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Session-ID' }, 'session-id')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('session-id')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
  try {
    await app.init();
    rawRoutes.collect(app);
  } catch (error) {
    // Whatever did start (database pools, listeners, timers) must not keep the process alive.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

export async function startApp(
  spec: AppSpec,
  config: SimvaultConfig,
  logger: Logger,
): Promise<NestExpressApplication> {
  const app = await createApp(spec, config, logger);
  await app.listen(spec.port, config.host);
  return app;
}

/** How long requests in flight at SIGTERM may take before their connections are cut. */
const DRAIN_MS = 5_000;

/**
 * Stops an app's HTTP server from holding the process open: every answer from now on tells its
 * client to close the connection (a keep-alive client would otherwise keep one busy for ever),
 * idle connections close at once and as they become idle, and whatever is still open after
 * `DRAIN_MS` is cut. What was answered before stays answered; the app closes its queues and
 * flushes its batches after that (Nest's shutdown hooks).
 */
function drain(app: INestApplication): void {
  const server = app.getHttpServer() as HttpServer;
  server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  server.once('close', () => {
    clearInterval(idle);
    clearTimeout(cut);
  });
  idle.unref();
  cut.unref();
}

/**
 * Closes every app (connections drained, queues and write-behind batches flushed, databases
 * closed) on SIGINT or SIGTERM, then exits 0; within 10 s, or it exits 1.
 */
export function closeOnSignal(apps: INestApplication[], logger: Logger): void {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    timer.unref();
    apps.forEach(drain);
    await Promise.allSettled(apps.map((app) => app.close()));
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close(signal));
}

/** An app's modules and services without an HTTP listener (for the operator CLI). */
export async function createAppContext(
  module: Type<unknown> | DynamicModule,
  logger: Logger,
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(module, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
}
