import { AuthAppModule } from '@simvault/app-auth';
import { createAppContext, createLogger, loadConfig, type SimvaultConfig } from '@simvault/core';

type AppContext = Awaited<ReturnType<typeof createAppContext>>;

export function operatorConfig(): SimvaultConfig {
  return loadConfig();
}

/**
 * The auth app's services without its HTTP listener: the CLI changes users and tokens through the
 * same code (and checks) as the API.
 */
export async function withAuthApp<T>(
  fn: (app: AppContext, config: SimvaultConfig) => Promise<T>,
): Promise<T> {
  const config = operatorConfig();
  // The terminal shows the command's answer; the framework's own messages only when they matter.
  const logger = createLogger(config.logLevel === 'info' ? 'error' : config.logLevel);
  const app = await createAppContext(AuthAppModule.forRoot(config, logger), logger);
  try {
    return await fn(app, config);
  } finally {
    await app.close();
  }
}

/** Reads all of standard input (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
