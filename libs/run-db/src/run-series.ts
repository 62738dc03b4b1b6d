import type { LogLevel, RunDatabase } from './run-database';
import { parseTimestamp } from './values';

// Read by the worker thread (read-worker.ts) from a run file the platform already checked when it
// took it in: like read-run-file.ts, this loads only the run database, never TypeORM.

/** One point of a series: its step (metadata.step when the writer gave one, else its position), its time, its value. */
export interface MetricPoint {
  step: number;
  time: string | null;
  /** null for a value JSON cannot carry (NaN, ±Infinity). */
  value: number | null;
}

export interface MetricSeries {
  name: string;
  unit: string | null;
  /** Points in the file. */
  count: number;
  /** True when `points` holds fewer than `count` (min/max per bucket). */
  downsampled: boolean;
  points: MetricPoint[];
}

export interface LogLine {
  id: number;
  time: string | null;
  level: string;
  logger: string | null;
  message: string;
  context: unknown;
  exception_type: string | null;
  exception_message: string | null;
  stack_trace: string | null;
}

export interface LogPage {
  items: LogLine[];
  /** Lines matching the level filter. */
  total: number;
  limit: number;
  offset: number;
  /** Lines per level in the whole file, whatever the filter (for a filter's counts). */
  levels: Record<string, number>;
}

export interface LogQuery {
  levels?: LogLevel[];
  limit: number;
  offset: number;
}

const iso = (value: unknown): string | null => parseTimestamp(value)?.toISOString() ?? null;

/**
 * One metric's series in time order. Past `maxPoints` points it is downsampled by min/max per bucket:
 * the points are cut into maxPoints/2 runs of consecutive points and each run keeps its lowest and
 * its highest point (in step order), so a spike or a dip survives where averaging would hide it.
 * Rows are streamed from the file: memory stays at maxPoints points whatever the series' length.
 * Answers null when the run has no metric of that name.
 */
export function readMetricSeries(run: RunDatabase, name: string, maxPoints: number): MetricSeries | null {
  const count = run.countMetric(name);
  if (count === 0) return null;
  const keepAll = count <= maxPoints;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const points: MetricPoint[] = [];
  let unit: string | null = null;
  let bucket = -1;
  let low: { i: number; p: MetricPoint } | null = null;
  let high: { i: number; p: MetricPoint } | null = null;
  const flush = () => {
    if (!low || !high) return;
    if (low.i === high.i) points.push(low.p);
    else if (low.i < high.i) points.push(low.p, high.p);
    else points.push(high.p, low.p);
    low = high = null;
  };
  let i = 0;
  for (const row of run.iterateMetric(name)) {
    unit ??= (row.metric_unit as string | null) ?? null;
    const point = toPoint(row, i);
    if (keepAll) points.push(point);
    else {
      const b = Math.floor((i * buckets) / count);
      if (b !== bucket) {
        flush();
        bucket = b;
      }
      // A bucket of non-finite values still shows as one point (null), so the gap is drawn.
      const v = point.value;
      if (!low || (v !== null && (low.p.value === null || v < low.p.value))) low = { i, p: point };
      if (!high || (v !== null && (high.p.value === null || v > high.p.value))) high = { i, p: point };
    }
    i++;
  }
  flush();
  return { name, unit, count, downsampled: !keepAll, points };
}

function toPoint(row: Record<string, unknown>, position: number): MetricPoint {
  const value = Number(row.metric_value);
  const step = Number(row.step);
  return {
    step: row.step !== null && row.step !== undefined && Number.isFinite(step) ? step : position,
    time: iso(row.timestamp),
    value: Number.isFinite(value) ? value : null,
  };
}

/** A page of a run's log lines, oldest first, optionally only some levels. */
export function readLogPage(run: RunDatabase, query: LogQuery): LogPage {
  const levels = query.levels?.length ? query.levels : null;
  const counts = run.logLevelCounts();
  const total = levels ? levels.reduce((sum, l) => sum + (counts[l] ?? 0), 0) : sumOf(counts);
  const items = run.logPage(levels, query.limit, query.offset).map((row) => ({
    id: Number(row.id),
    time: iso(row.timestamp),
    level: String(row.level),
    logger: (row.logger as string | null) ?? null,
    message: String(row.message),
    context: row.context ?? null,
    exception_type: (row.exception_type as string | null) ?? null,
    exception_message: (row.exception_message as string | null) ?? null,
    stack_trace: (row.stack_trace as string | null) ?? null,
  }));
  return { items, total, limit: query.limit, offset: query.offset, levels: counts };
}

const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
