import { Option, type Command } from 'commander';
import { defaultRunsDir, RunDatabase, type RunSummary } from '@simvault/run-db';

export interface RunDbOptions {
  dir?: string;
}

const line = (label: string, value: unknown) =>
  `  ${label.padEnd(18)} ${value === null || value === undefined || value === '' ? '-' : String(value)}`;

/** A value as one short line: JSON, cut at `width` characters. */
function short(value: unknown, width = 60): string {
  let text: string;
  if (value instanceof Uint8Array) text = `<${value.length} bytes>`;
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else text = JSON.stringify(value) ?? 'null';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function table(rows: string[][]): string[] {
  if (rows.length === 0) return ['  (none)'];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd(),
  );
}

/** What `simvault run-db show` prints: the run, its inputs, outputs, metrics and errors. */
export function showRun(target: string, options: RunDbOptions = {}): string {
  const run = RunDatabase.open(target, { dir: options.dir ?? defaultRunsDir(), readonly: true });
  try {
    const summary = run.getSummary();
    const out: string[] = [`Run database ${run.path} (${run.sizeBytes()} bytes)`, ''];
    if (!summary) {
      out.push('  No run recorded yet: initializeRun was never called.');
      return out.join('\n');
    }
    out.push(...summaryLines(summary), '');
    const parameters = (
      title: string,
      values: Record<string, { value: unknown; type: string; units: string | null }>,
    ) => {
      out.push(`${title} (${Object.keys(values).length})`);
      out.push(
        ...table(Object.entries(values).map(([name, p]) => [name, short(p.value), p.type, p.units ?? ''])),
        '',
      );
    };
    parameters('Inputs', run.getInputs());
    parameters('Outputs', run.getOutputs());
    const metrics = run.getMetrics();
    out.push(`Metrics (${metrics.length})`);
    out.push(
      ...table(
        metrics.map((m) => [
          String(m.metric_name),
          String(m.metric_value),
          String(m.metric_unit ?? ''),
          String(m.category ?? ''),
        ]),
      ),
      '',
    );
    const errors = run.getErrors();
    out.push(`Errors (${errors.length})`);
    out.push(
      ...table(
        errors.map((e) => [
          String(e.timestamp ?? ''),
          String(e.level ?? ''),
          `${String(e.message)}${e.exception_type ? ` [${String(e.exception_type)}]` : ''}`,
        ]),
      ),
    );
    return out.join('\n');
  } finally {
    run.close();
  }
}

function summaryLines(s: RunSummary): string[] {
  return [
    line('execution id', s.execution_id),
    line('simulation', `${s.simulation_name} ${s.simulation_version}`),
    line('squid id', s.squid_id),
    line('status', s.status),
    line(
      'validity',
      s.valid
        ? 'valid'
        : `INVALID since ${s.invalidation!.invalidated_at}: ${s.invalidation!.reason}${s.invalidation!.invalidated_by ? ` (by ${s.invalidation!.invalidated_by})` : ''}`,
    ),
    line('started', s.started_at),
    line('completed', s.completed_at),
    line('duration', s.duration_seconds === null ? null : `${s.duration_seconds} s`),
    line('executor', s.executor_type),
    line('cache', s.cache_key ? `${s.cache_key}${s.cache_hit ? ' (hit)' : ''}` : null),
    line('error', s.error_message),
    line(
      'counts',
      `${s.input_count} inputs, ${s.output_count} outputs, ${s.artifact_count} artifacts, ${s.log_count} log lines (${s.error_count} errors, ${s.warning_count} warnings), ${s.metric_count} metrics`,
    ),
    line('tags', s.tags.join(', ')),
  ];
}

/** Marks a run invalid in its file; it stays readable, and the results service leaves it out of searches. */
export function invalidateRun(
  target: string,
  reason: string,
  options: RunDbOptions & { by?: string } = {},
): string {
  const run = RunDatabase.open(target, { dir: options.dir ?? defaultRunsDir(), create: false });
  try {
    const invalidation = run.invalidate(reason, { by: options.by ?? null });
    const id = run.getSummary()?.execution_id;
    return (
      `Run ${id} (${run.path}) is now invalid: ${invalidation.reason}.\n` +
      'Its data stays readable. Register the file again (simvault results register) so that searches leave it out.'
    );
  } finally {
    run.close();
  }
}

const dirOption = () =>
  new Option('--dir <dir>', 'where <execution_id>.db files live (default ~/.simvault/runs)').env(
    'SIMVAULT_RUN_DB_DIR',
  );

/** `simvault run-db show <id|path>` and `simvault run-db invalidate <id|path> --reason <text>`. */
export function registerRunDbCommands(program: Command): void {
  const runDb = program
    .command('run-db')
    .description("Per-run databases (one SQLite file per execution, sim2l's layout).");
  runDb
    .command('show')
    .description("Print a run's summary, inputs, outputs, metrics and errors.")
    .argument('<run>', 'an execution id (a file in --dir) or the path of a run database')
    .addOption(dirOption())
    .action((target: string, options: RunDbOptions) => {
      console.log(showRun(target, options));
    });
  runDb
    .command('invalidate')
    .description('Mark a run invalid: it stays readable, and searches leave it out unless asked.')
    .argument('<run>', 'an execution id (a file in --dir) or the path of a run database')
    .requiredOption('--reason <text>', 'why the run is withdrawn (kept with the run)')
    .option('--by <name>', 'who withdraws it')
    .addOption(dirOption())
    .action((target: string, options: RunDbOptions & { reason: string; by?: string }) => {
      console.log(invalidateRun(target, options.reason, options));
    });
}
