import { closeOnSignal, createLogger, loadConfig, startApp } from '@simvault/core';
import { consoleApp } from './index';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await startApp(consoleApp(config, logger), config, logger);
  closeOnSignal([app], logger);
  logger.info({ url: `http://${config.host}:${config.console.port}` }, 'console listening');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
