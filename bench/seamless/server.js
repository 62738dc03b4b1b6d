// The bench's app: SeamlessModule mounted as the cache app mounts it (records in the 'cache'
// DataSource, the wire protocol on SIMVAULT_SEAMLESS_PORT), built from the libraries' dist/.
// Started by run.js with the SIMVAULT_* environment of one backend.
'use strict';
const { resolve } = require('node:path');
const lib = (name) => require(resolve(__dirname, `../../libs/${name}/dist`));
const { Module } = require(
  require.resolve('@nestjs/common', { paths: [resolve(__dirname, '../../libs/seamless')] }),
);
const { AuthModule } = lib('auth');
const { CoreModule, closeOnSignal, createLogger, loadConfig, startApp } = lib('core');
const { DatabaseModule } = lib('db');
const { CHECKSUM_ENTITIES, CHECKSUM_MIGRATIONS, CHECKSUM_MIGRATIONS_TABLE } = lib('entities');
const { SeamlessModule } = lib('seamless');

class SeamlessBenchModule {}
Module({})(SeamlessBenchModule);

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const module = {
    module: SeamlessBenchModule,
    imports: [
      CoreModule.forRoot('cache', config, logger),
      AuthModule.forRoot(config, { ownsDatabase: false }),
      DatabaseModule.forRoot({
        name: 'cache',
        url: config.databaseUrls.cache,
        entities: CHECKSUM_ENTITIES,
        migrations: CHECKSUM_MIGRATIONS,
        migrationsTableName: CHECKSUM_MIGRATIONS_TABLE,
        runMigrations: true,
      }),
      SeamlessModule.forRoot({ dataSourceName: 'cache' }),
    ],
  };
  const spec = { name: 'cache', title: 'bench', description: 'bench', module, port: config.ports.cache };
  const app = await startApp(spec, config, logger);
  closeOnSignal([app], logger);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
