import { closeOnSignal, createLogger, loadConfig, startApp } from '@simvault/core';
import { filesApp } from './index';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await startApp(filesApp(config, logger), config, logger);
  closeOnSignal([app], logger);
  logger.info({ url: `http://${config.host}:${config.ports.files}` }, 'files listening');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
