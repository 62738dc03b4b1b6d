import type { Command } from 'commander';
import { migrate, openDatabase, redact } from '@simvault/db';
import { operatorConfig } from '../operator/context';
import { DATABASE_APPS } from '../apps';

/** `simvault migrate`: bring every service database's schema up to date (apps also do this at start-up). */
export function registerMigrateCommand(program: Command, write: (line: string) => void = console.log) {
  program
    .command('migrate')
    .description("Apply pending migrations to every service's database (SIMVAULT_<SERVICE>_DATABASE_URL).")
    .action(async () => {
      const config = operatorConfig();
      for (const { service, schema } of DATABASE_APPS) {
        const url = config.databaseUrls[service];
        const ds = await openDatabase({ url, ...schema, runMigrations: false });
        try {
          const applied = await migrate(ds);
          write(
            `${service.padEnd(8)} ${redact(url)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
          );
        } finally {
          await ds.destroy();
        }
      }
    });
}
