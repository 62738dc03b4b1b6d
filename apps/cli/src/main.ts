#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '@simvault/core';
import { up } from './commands/up';
import { registerBackupCommands } from './commands/backup';
import { registerChecksumCommands } from './commands/checksums';
import { registerDoctorCommand } from './commands/doctor';
import { registerMigrateCommand } from './commands/migrate';
import { registerUserCommands } from './commands/users';
import { registerLoginCommands } from './commands/login';
import { registerBuffersCommands } from './commands/buffers';
import { registerFilesCommands } from './commands/files';
import { registerGatewayCommand } from './commands/gateway';
import { registerCarryCommands } from './commands/carry';
import { registerSyncCommands } from './commands/sync';
import { registerEverydayCommands } from './commands/everyday';
import { registerRunDbCommands } from './commands/run-db';
import { registerResultsCommands } from './commands/results';

const program = new Command()
  .name('simvault')
  .description('Simvault: the team cache, catalog, results and files for simulations.')
  .showHelpAfterError();

program
  .command('up')
  .description(
    'Start every Simvault app in this process (SQLite under ./data and no Redis unless configured).',
  )
  .option(
    '--data-dir <dir>',
    'where SQLite files, buffers and secrets live (SIMVAULT_DATA_DIR; default ./data)',
  )
  .option('--host <host>', 'address to listen on (SIMVAULT_HOST; default 127.0.0.1)')
  .action(async (options: { dataDir?: string; host?: string }) => {
    await up(options);
  });

registerBuffersCommands(program);
registerFilesCommands(program);

registerMigrateCommand(program);
registerLoginCommands(program);
registerUserCommands(program);
registerBackupCommands(program);
registerDoctorCommand(program);
registerChecksumCommands(program);
registerRunDbCommands(program);
registerResultsCommands(program);
registerGatewayCommand(program);
registerEverydayCommands(program);
registerCarryCommands(program);
registerSyncCommands(program);

program.parseAsync().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `simvault: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
