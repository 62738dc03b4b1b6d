import { closeOnSignal, createLogger, loadConfig, startApp } from '@simvault/core';
import { resultsApp } from './index';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await startApp(resultsApp(config, logger), config, logger);
  closeOnSignal([app], logger);
  logger.info({ url: `http://${config.host}:${config.ports.results}` }, 'results listening');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
