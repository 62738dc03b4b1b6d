import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { cacheSchema } from '@simvault/app-cache';
import { BufferStore } from '@simvault/buffers';
import { openDatabase } from '@simvault/db';
import {
  ChecksumRecordsService,
  DELETABLE_RECORDS,
  parseChecksum,
  type DeletableRecord,
} from '@simvault/seamless';
import { operatorConfig } from '../operator/context';

const TYPES = ['buffer', ...Object.keys(DELETABLE_RECORDS)];

/**
 * `simvault checksums delete-from-log FILE`: deletes the records and buffers a log names, one
 * `<type> <checksum>` per line, answering `DELETED` or `NOT_FOUND <type> <checksum>` per line (seed
 * 001). Lines that are not of that form are reported on standard error and make the exit status 1.
 */
export function registerChecksumCommands(program: Command, write: (line: string) => void = console.log) {
  program
    .command('checksums')
    .description('Checksum records of the cache app (Seamless).')
    .command('delete-from-log <file>')
    .description(
      `Delete the records and buffers listed one "<type> <checksum>" per line; types: ${TYPES.join(', ')}.`,
    )
    .action(async (file: string) => {
      const config = operatorConfig();
      const ds = await openDatabase({ url: config.databaseUrls.cache, ...cacheSchema, runMigrations: false });
      const store = await BufferStore.open({
        dir: config.buffers.dir,
        extraDirs: config.buffers.extraDirs,
        hash: config.buffers.hash,
      });
      const records = new ChecksumRecordsService(ds);
      let bad = 0;
      let number = 0;
      try {
        for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
          number++;
          const line = raw.trim();
          if (!line || line.startsWith('#')) continue;
          const [type, given, extra] = line.split(/\s+/);
          const checksum = given === undefined ? undefined : parseChecksum(given);
          if (!TYPES.includes(type) || !checksum || extra !== undefined) {
            bad++;
            console.error(
              `${file}:${number}: expected "<type> <checksum>" with a type of ${TYPES.join(', ')} and a 64-hex checksum; got "${line}"`,
            );
            continue;
          }
          const deleted =
            type === 'buffer'
              ? await store.remove(checksum)
              : await records.deleteRecords(type as DeletableRecord, checksum);
          write(deleted ? 'DELETED' : `NOT_FOUND ${type} ${checksum}`);
        }
      } finally {
        await ds.destroy();
      }
      if (bad) process.exitCode = 1;
    });
}
