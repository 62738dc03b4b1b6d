// The /buffers routes in a Nest app assembled as the cache app assembles them (core, the session
// authority, BuffersModule), configured from SIMVAULT_* like every app. Started by run.js.
'use strict';
const { resolve } = require('node:path');

const lib = (name) => require(resolve(__dirname, `../../libs/${name}/dist`));
const { Module } = require(
  require.resolve('@nestjs/common', { paths: [resolve(__dirname, '../../libs/buffers')] }),
);
const { CoreModule, closeOnSignal, createLogger, loadConfig, startApp } = lib('core');
const { AuthModule } = lib('auth');
const { BuffersModule } = lib('buffers');

class BuffersBenchAppModule {}
Module({})(BuffersBenchAppModule);

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const module = {
    module: BuffersBenchAppModule,
    imports: [
      CoreModule.forRoot('cache', config, logger),
      AuthModule.forRoot(config, { ownsDatabase: true }),
      BuffersModule.forRoot(),
    ],
  };
  const spec = {
    name: 'cache',
    title: 'buffers bench',
    description: 'bench',
    module,
    port: config.ports.cache,
  };
  closeOnSignal([await startApp(spec, config, logger)], logger);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
