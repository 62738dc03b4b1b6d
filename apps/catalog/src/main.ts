import { closeOnSignal, createLogger, loadConfig, startApp } from '@simvault/core';
import { catalogApp } from './index';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await startApp(catalogApp(config, logger), config, logger);
  closeOnSignal([app], logger);
  logger.info({ url: `http://${config.host}:${config.ports.catalog}` }, 'catalog listening');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
