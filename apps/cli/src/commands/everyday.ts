import type { Command } from 'commander';
import {
  CacheClient,
  CatalogClient,
  ResultsClient,
  type InvalidationFilter,
  type TransformationExplanation,
} from '@simvault/client';
import { addConnectOptions, connect, type ConnectOptions } from './connect';

/**
 * The everyday commands: search and statistics of results, cache lookups, statistics and
 * invalidation, catalog search. Each prints a table (or `key  value` lines) for a person, or the
 * service's own JSON answer with `--json` for a script; an error is the service's own sentence.
 */

interface Output {
  json?: boolean;
}

/** Columns padded to their widest cell; long cells cut at 60 characters. */
export function table(headers: string[], rows: unknown[][]): string {
  const text = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s.length > 60 ? `${s.slice(0, 59)}…` : s;
  };
  const cells = [headers, ...rows.map((r) => r.map(text))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `key  value` lines for one record. */
export function fields(record: Record<string, unknown>): string {
  return table(
    ['field', 'value'],
    Object.entries(record).map(([k, v]) => [k, v]),
  );
}

function print(options: Output, answer: unknown, human: () => string): void {
  console.log(options.json ? JSON.stringify(answer, null, 2) : human());
}

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${name} must be a whole number (got "${value}").`);
    return n;
  };
}

/**
 * A transformation explain for a person: the head, then each nearest recorded transformation
 * (whole checksums, which a table would cut) with its differences one per line.
 */
function transformationText(answer: TransformationExplanation): string {
  const head = { checksum: answer.checksum, result: answer.result, buffer: answer.buffer, code: answer.code };
  const parts = [fields(head)];
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  for (const n of answer.nearest) {
    const lines = [
      ...n.changed.map((c) => `changed ${c.pin}: ${text(c.old)} -> ${text(c.new)}`),
      ...n.added.map((c) => `added ${c.pin}: ${text(c.checksum)}`),
      ...n.removed.map((c) => `removed ${c.pin}: ${text(c.checksum)}`),
      ...n.celltypes.map((c) => `celltype of ${c.pin}: ${text(c.old)} -> ${text(c.new)}`),
      ...(n.language ? [`language: ${text(n.language.old)} -> ${text(n.language.new)}`] : []),
      ...(n.output ? [`output: ${text(n.output.old)} -> ${text(n.output.new)}`] : []),
      ...n.other_keys.map((k) => `${k} differs`),
    ];
    parts.push([`recorded ${n.checksum} (result ${n.result})`, ...lines.map((l) => `  ${l}`)].join('\n'));
  }
  parts.push(...answer.notes);
  return parts.join('\n\n');
}

export function registerEverydayCommands(program: Command): void {
  const results =
    program.commands.find((c) => c.name() === 'results') ??
    program.command('results').description('The results service.');

  addConnectOptions(results.command('search'), 'results')
    .description(
      'Search registered runs with the filter language, e.g. "inputs.temperature >= 300 and status = \'completed\'".',
    )
    .argument('[filter]', 'a filter (default: every run)')
    .option('--simulation <name>', 'only runs of this simulation')
    .option('--version <version>', 'only runs of this simulation version')
    .option('--status <status>', 'only runs with this status')
    .option('--sort-by <field>', 'created_at, duration_seconds, inputs.<name>, outputs.<name>, ...')
    .option('--order <order>', 'asc or desc', 'desc')
    .option('--limit <n>', "results per page (default: the service's)", integer('--limit'))
    .option('--offset <n>', 'results to skip', integer('--offset'))
    .option('--include-invalid', 'also invalidated runs')
    .option('--json', "the service's JSON answer")
    .action(
      async (
        filter: string | undefined,
        o: ConnectOptions &
          Output & {
            simulation?: string;
            version?: string;
            status?: string;
            sortBy?: string;
            order: 'asc' | 'desc';
            limit?: number;
            offset?: number;
            includeInvalid?: boolean;
          },
      ) => {
        const client = await connect(ResultsClient, 'results', o);
        const page = await client.searchPage({
          filter,
          simulation_name: o.simulation,
          simulation_version: o.version,
          status: o.status,
          sort_by: o.sortBy,
          sort_order: o.order,
          limit: o.limit,
          offset: o.offset,
          include_invalid: o.includeInvalid,
        });
        print(o, page, () => {
          const rows = page.results.map((r) => [
            r.execution_id,
            `${r.simulation_name} ${r.simulation_version}`,
            r.status,
            r.created_at,
            r.input_params,
            r.output_params,
          ]);
          const shown = `${page.offset + 1}-${page.offset + page.results.length} of ${page.total}`;
          return `${table(['execution_id', 'simulation', 'status', 'created_at', 'inputs', 'outputs'], rows)}\n${page.results.length ? shown : `0 of ${page.total}`}`;
        });
      },
    );

  addConnectOptions(results.command('stats'), 'results')
    .description("Statistics of one parameter over a simulation's valid runs.")
    .argument('<simulation>', 'simulation name')
    .argument('<parameter>', 'parameter name')
    .option('--input', 'an input parameter (default: an output)')
    .option('--version <version>', 'only runs of this version')
    .option('--bins <n>', 'histogram bins', integer('--bins'))
    .option('--include-invalid', 'count invalidated runs too')
    .option(
      '--status <statuses>',
      'only runs of these statuses (comma-separated), or all (default: all but failed)',
    )
    .option('--json', "the service's JSON answer")
    .action(
      async (
        simulation: string,
        parameter: string,
        o: ConnectOptions &
          Output & {
            input?: boolean;
            version?: string;
            bins?: number;
            includeInvalid?: boolean;
            status?: string;
          },
      ) => {
        const client = await connect(ResultsClient, 'results', o);
        const stats = await client.getParameterStats(simulation, parameter, o.input ? 'input' : 'output', {
          version: o.version,
          bins: o.bins,
          include_invalid: o.includeInvalid,
          status: o.status,
        });
        print(o, stats, () => {
          const { histogram, value_counts, percentiles, ...scalars } = stats;
          const parts = [fields({ ...scalars, ...percentiles })];
          if (histogram?.length)
            parts.push(
              table(
                ['from', 'to', 'count'],
                histogram.map((b) => [b.lower, b.upper, b.count]),
              ),
            );
          if (value_counts?.length)
            parts.push(
              table(
                ['value', 'count'],
                value_counts.map((v) => [v.value, v.count]),
              ),
            );
          return parts.join('\n\n');
        });
      },
    );

  addConnectOptions(results.command('latest'), 'results')
    .description(
      'The latest valid result of a simulation (newest, valid, not failed), or its value of one parameter; exits 1 when there is none.',
    )
    .argument('<simulation>', 'simulation name')
    .argument('[parameter]', 'only this parameter (an output unless --input)')
    .option('--input', 'the parameter is an input')
    .option('--version <version>', 'only results of this version')
    .option('--json', "the service's JSON answer")
    .action(
      async (
        simulation: string,
        parameter: string | undefined,
        o: ConnectOptions & Output & { input?: boolean; version?: string },
      ) => {
        const client = await connect(ResultsClient, 'results', o);
        const latest = await client.latest(simulation, {
          version: o.version,
          param: parameter,
          class: parameter === undefined ? undefined : o.input ? 'input' : 'output',
        });
        if (!latest) {
          if (o.json) console.log('null');
          else
            console.error(
              `No valid result of ${simulation}${o.version ? ` ${o.version}` : ''} that did not fail.`,
            );
          process.exitCode = 1;
          return;
        }
        print(o, latest, () => fields(latest as unknown as Record<string, unknown>));
      },
    );

  addConnectOptions(results.command('invalidate'), 'results')
    .description(
      "Mark a result invalid, with a reason: kept and readable, left out of searches and statistics (yours, or anyone's with results_curate; audited).",
    )
    .argument('<execution_id>', 'the result')
    .requiredOption('--reason <text>', 'why')
    .option('--json', "the service's JSON answer")
    .action(async (executionId: string, o: ConnectOptions & Output & { reason: string }) => {
      const client = await connect(ResultsClient, 'results', o, ['read', 'write']);
      const answer = await client.invalidateResult(executionId, o.reason);
      print(o, answer, () => `invalidated ${answer.execution_id}: ${answer.reason}`);
    });

  addConnectOptions(results.command('tag'), 'results')
    .description(
      "Set tags on a result (key=value ...; other tags kept) and remove some with --remove (yours, or anyone's with results_curate; audited). Search them as tag.<key>.",
    )
    .argument('<execution_id>', 'the result')
    .argument('[tags...]', 'key=value pairs to set')
    .option(
      '--remove <key>',
      'a tag to remove (repeatable)',
      (key: string, keys: string[]) => [...keys, key],
      [],
    )
    .option('--json', "the service's JSON answer: the result's tags")
    .action(
      async (executionId: string, pairs: string[], o: ConnectOptions & Output & { remove: string[] }) => {
        const tags: Record<string, string> = {};
        for (const pair of pairs) {
          const eq = pair.indexOf('=');
          if (eq <= 0) throw new Error(`"${pair}" is not key=value.`);
          tags[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        if (pairs.length === 0 && o.remove.length === 0)
          throw new Error('Give key=value pairs to set, or --remove <key>.');
        const client = await connect(ResultsClient, 'results', o, ['read', 'write']);
        let answer = pairs.length > 0 ? await client.setResultTags(executionId, tags) : undefined;
        for (const key of o.remove) answer = await client.removeResultTag(executionId, key);
        const now = answer!;
        print(o, now, () =>
          Object.keys(now.tags).length === 0
            ? `${now.execution_id} has no tags`
            : table(
                ['key', 'value'],
                Object.entries(now.tags).map(([k, v]) => [k, v]),
              ),
        );
      },
    );

  const cache = program.command('cache').description('The result cache.');
  addConnectOptions(cache.command('get'), 'cache')
    .description('Look a cache key up: the entry on a hit; exits 1 on a miss.')
    .argument('<key>', 'the cache key')
    .option('--json', "the service's JSON answer")
    .action(async (key: string, o: ConnectOptions & Output) => {
      const client = await connect(CacheClient, 'cache', o);
      const entry = await client.get(key);
      if (!entry) {
        if (o.json) console.log('null');
        else console.error(`miss: no valid entry for ${key}`);
        process.exitCode = 1;
        return;
      }
      print(o, entry, () => fields(entry as unknown as Record<string, unknown>));
    });

  addConnectOptions(cache.command('explain'), 'cache')
    .description(
      "Why a lookup missed: what the key's entry is now (expired, invalidated by whom and why), and the valid entries nearest to --inputs with exactly which inputs differ.",
    )
    .argument('[key]', 'the key that missed')
    .option(
      '--transformation <checksum>',
      'instead of a key: a Seamless transformation checksum (its result, and the recorded transformations of the same code with the inputs that changed)',
    )
    .option('--simulation <name>', 'the simulation (with --version and --inputs, when no key)')
    .option('--version <version>', 'its version')
    .option('--inputs <json>', 'the inputs, as a JSON object')
    .option('--limit <n>', 'how many nearest entries (default 5)', integer('--limit'))
    .option('--json', "the service's JSON answer")
    .action(
      async (
        key: string | undefined,
        o: ConnectOptions &
          Output & {
            transformation?: string;
            simulation?: string;
            version?: string;
            inputs?: string;
            limit?: number;
          },
      ) => {
        if (o.transformation !== undefined) {
          if (key !== undefined || o.simulation !== undefined || o.inputs !== undefined)
            throw new Error(
              '--transformation explains a transformation: give no key, --simulation or --inputs.',
            );
          const client = await connect(CacheClient, 'cache', o);
          const answer = await client.explainTransformation(o.transformation, o.limit);
          print(o, answer, () => transformationText(answer));
          return;
        }
        let inputs: Record<string, unknown> | undefined;
        if (o.inputs !== undefined) {
          try {
            inputs = JSON.parse(o.inputs) as Record<string, unknown>;
          } catch {
            throw new Error('--inputs must be a JSON object, such as \'{"temperature": 350}\'.');
          }
        }
        const client = await connect(CacheClient, 'cache', o);
        const answer = await client.explain({
          key,
          simulation: o.simulation,
          version: o.version,
          inputs,
          limit: o.limit,
        });
        print(o, answer, () => {
          const head: Record<string, unknown> = {
            verdict: answer.verdict,
            key: answer.key,
            simulation: answer.simulation,
            version: answer.version,
          };
          if (answer.expired_at) head.expired_at = answer.expired_at;
          if (answer.invalidation) {
            head.invalidated_by = answer.invalidation.by;
            head.invalidated_at = answer.invalidation.at;
            head.reason = answer.invalidation.reason;
          }
          const parts = [fields(head)];
          if (answer.nearest.length)
            parts.push(
              table(
                ['nearest entry', 'version', 'differing inputs'],
                answer.nearest.map((n) => [
                  n.cache_key,
                  `${n.simulation_version}${n.version_differs ? ' (other version)' : ''}`,
                  !n.inputs_known
                    ? '(run not registered)'
                    : n.differing_inputs.length === 0
                      ? '(none)'
                      : n.differing_inputs
                          .map((d) => `${d.name}: ${JSON.stringify(d.given)} vs ${JSON.stringify(d.entry)}`)
                          .join('; '),
                ]),
              ),
            );
          parts.push(...answer.notes);
          return parts.join('\n\n');
        });
      },
    );

  addConnectOptions(cache.command('stats'), 'cache')
    .description('Hit rate, entries and time saved, overall or for one simulation id.')
    .option('--simulation-id <id>', 'one simulation', integer('--simulation-id'))
    .option('--json', "the service's JSON answer")
    .action(async (o: ConnectOptions & Output & { simulationId?: number }) => {
      const client = await connect(CacheClient, 'cache', o);
      const stats = await client.getStats(o.simulationId);
      print(o, stats, () => {
        const { by_simulation, ...totals } = stats;
        const parts = [fields(totals as Record<string, unknown>)];
        if (by_simulation?.length)
          parts.push(
            table(
              Object.keys(by_simulation[0]),
              by_simulation.map((s) => Object.values(s)),
            ),
          );
        return parts.join('\n\n');
      });
    });

  addConnectOptions(cache.command('invalidate'), 'cache')
    .description('Invalidate cache entries (needs cache_invalidate; every entry needs admin), with a reason.')
    .requiredOption('--reason <text>', 'why: kept in the invalidation log')
    .option('--simulation-id <id>', 'entries of this simulation id', integer('--simulation-id'))
    .option('--simulation <name>', 'entries of this simulation name')
    .option('--version <version>', 'entries of this simulation version')
    .option('--pattern <like>', 'keys matching this SQL LIKE pattern')
    .option('--all', 'every entry (admin)')
    .option('--json', "the service's JSON answer")
    .action(
      async (
        o: ConnectOptions &
          Output & {
            reason: string;
            simulationId?: number;
            simulation?: string;
            version?: string;
            pattern?: string;
            all?: boolean;
          },
      ) => {
        const filter: InvalidationFilter = {
          reason: o.reason,
          simulation_id: o.simulationId,
          simulation_name: o.simulation,
          simulation_version: o.version,
          pattern: o.pattern,
          all: o.all,
        };
        if (
          !o.all &&
          [filter.simulation_id, filter.simulation_name, filter.pattern].every((v) => v === undefined)
        )
          throw new Error(
            'Say what to invalidate: --simulation-id, --simulation (with --version), --pattern or --all.',
          );
        const client = await connect(CacheClient, 'cache', o);
        const answer = await client.invalidate(filter);
        print(
          o,
          answer,
          () => `invalidated ${answer.invalidated_count} entries (invalidation ${answer.invalidation_id})`,
        );
      },
    );

  const catalog = program.command('catalog').description('The simulation catalog.');
  addConnectOptions(catalog.command('search'), 'catalog')
    .description('Ranked search of the catalog by words, tags and status.')
    .argument('[query]', 'words to look for')
    .option('--tag <tag...>', 'tags (any of them)')
    .option('--limit <n>', "simulations per page (default: the service's)", integer('--limit'))
    .option('--offset <n>', 'simulations to skip', integer('--offset'))
    .option('--json', "the service's JSON answer")
    .action(
      async (
        query: string | undefined,
        o: ConnectOptions & Output & { tag?: string[]; limit?: number; offset?: number },
      ) => {
        const client = await connect(CatalogClient, 'catalog', o);
        const page = await client.search({ query, tags: o.tag, limit: o.limit, offset: o.offset });
        print(o, page, () => {
          const rows = page.items.map((s) => [
            s.id,
            s.name,
            s.version,
            s.status,
            s.tags.join(','),
            s.description,
          ]);
          return `${table(['id', 'name', 'version', 'status', 'tags', 'description'], rows)}\n${page.items.length} of ${page.total}`;
        });
      },
    );

  addConnectOptions(catalog.command('show'), 'catalog')
    .description('One simulation (its latest version unless --version): description, schemas, versions.')
    .argument('<name>', 'simulation name')
    .option('--version <version>', 'this version')
    .option('--json', "the service's JSON answer")
    .action(async (name: string, o: ConnectOptions & Output & { version?: string }) => {
      const client = await connect(CatalogClient, 'catalog', o);
      const simulation = await client.getSimulation(name, o.version);
      if (!simulation)
        throw new Error(`The catalog has no simulation ${name}${o.version ? ` ${o.version}` : ''}.`);
      print(o, simulation, () => {
        const { input_schema, output_schema, ...rest } = simulation;
        const schema = (s: unknown) =>
          table(
            ['parameter', 'type', 'units', 'description'],
            Object.entries((s ?? {}) as Record<string, Record<string, unknown>>).map(([k, v]) => [
              k,
              v?.type,
              v?.units ?? v?.unit,
              v?.description,
            ]),
          );
        return [
          fields(rest as Record<string, unknown>),
          'inputs',
          schema(input_schema),
          'outputs',
          schema(output_schema),
        ].join('\n\n');
      });
    });
}
