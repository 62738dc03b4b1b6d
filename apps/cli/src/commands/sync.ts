import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Option, type Command } from 'commander';
import {
  CacheClient,
  fileBody,
  FilesClient,
  ResultsClient,
  SimvaultError,
  type CacheEntry,
  type StoreEntry,
} from '@simvault/client';
import type { ServiceName } from '@simvault/core';
import { connect, serviceUrl } from './connect';
import { defaultTokenFile, writePrivateJson } from '../login/token-file';
import { progressLine, consoleTerminal, sentence, type Terminal } from './results';

type Service = Extract<ServiceName, 'cache' | 'results' | 'files'>;
const SERVICES: Service[] = ['cache', 'results', 'files'];
export const SYNC_KINDS = ['results', 'cache', 'checksums'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** One side of a sync: a URL per service and a credential. */
export interface Side {
  urls: Record<Service, string>;
  token?: string;
  user?: string;
  password?: string;
  /** The other instance: never reached with this machine's stored login. */
  remote?: boolean;
}

export interface SyncOptions {
  /** Which kinds move (default every one): results (with run files and artifacts) before cache entries. */
  kinds?: SyncKind[];
  /** Replace a destination entry whose value differs (the destination refuses it for someone else's entry without cache_invalidate). */
  overwrite?: boolean;
  pageSize?: number;
  /** Stop after this many pages of each kind of Seamless record; the next run resumes after the last. */
  pages?: number;
  /** Where an interrupted run left off, per kind of Seamless record, kept between runs. */
  cursor?: (records: RecordKind) => SyncCursor;
}

/**
 * The Seamless records sync carries besides transformations, each through the destination's REST
 * route that sets it (so its privileges apply). Expressions, irreproducible rows and bucket probes
 * are listed by the cache (GET /checksums/records/{kind}) but have no REST route that sets them.
 */
export const RECORD_KINDS = ['buffer_info', 'semantic_to_syntactic', 'metadata'] as const;
export type RecordKind = 'transformation' | (typeof RECORD_KINDS)[number];

/** Where a sync of one direction between two instances stopped: kept until a run finishes. */
export interface SyncCursor {
  get(): string | undefined;
  set(after: string | undefined): void;
}

/**
 * The cursors of every direction and pair of instances, in one file in the CLI's home beside the
 * stored login (mode 0600: it names the instances one syncs with). A cursor is written after each
 * page is done and removed when a run finishes, so an interrupted run (killed, or stopped by
 * --pages) resumes after the last page done, and a finished one starts from the beginning next
 * time: records are listed by checksum, so one added since may sort before the cursor.
 */
export function fileCursor(file: string, key: string): SyncCursor {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  return {
    get: () => read()[key],
    set(after) {
      const all = read();
      if (after === undefined) delete all[key];
      else all[key] = after;
      writePrivateJson(file, all);
    },
  };
}

/** The CLI home's sync state file (beside the stored login). */
export function defaultSyncStateFile(): string {
  return join(dirname(defaultTokenFile()), 'sync-state.json');
}

export interface KindReport {
  copied: number;
  skipped: number;
  conflicts: { key: string; reason: string }[];
  refused: { key: string; reason: string }[];
}

export interface SyncReport {
  direction: 'push' | 'pull';
  /** tags_copied: tags set on the destination (of copied results, and missing ones of results both hold). */
  results: KindReport & { artifacts_copied: number; artifacts_present: number; tags_copied: number };
  cache: KindReport;
  /**
   * Seamless transformation records; buffers: the buffers they name (their results and their own);
   * resumed_after: where an interrupted run had stopped; stopped_after: where --pages stopped this one.
   */
  checksums: KindReport & {
    buffers_copied: number;
    buffers_present: number;
    resumed_after: string | null;
    stopped_after: string | null;
  };
  /** The other Seamless records, by kind, with the same cursor fields. */
  records: Record<(typeof RECORD_KINDS)[number], RecordsReport>;
}

export type RecordsReport = KindReport & { resumed_after: string | null; stopped_after: string | null };

interface Clients {
  cache: CacheClient;
  results: ResultsClient;
  files: FilesClient;
}

async function clientsOf(side: Side, anonymous: ('read' | 'write')[]): Promise<Clients> {
  // The stored login is this instance's: the other instance is reached only with its own credential.
  if (side.remote && !side.token && !side.user) {
    throw new Error('Sign in to the other instance: --remote-token <token> or --remote-user <name>.');
  }
  const results = await connect(
    ResultsClient,
    'results',
    { url: side.urls.results, token: side.token, user: side.user, password: side.password },
    anonymous,
  );
  return {
    results,
    cache: new CacheClient(side.urls.cache, { token: results.token }),
    files: new FilesClient(side.urls.files, { token: results.token }),
  };
}

/**
 * What makes two entries of one key the same entry: where the result lives and what it was computed
 * from. Counters, access times and the owner are the instance's own and are not compared.
 */
function sameValue(a: CacheEntry, b: CacheEntry): boolean {
  const fields = [
    'simulation_name',
    'simulation_version',
    'execution_id',
    'squid_id',
    'input_hash',
    'run_db_path',
  ] as const;
  return (
    fields.every((f) => (a[f] ?? null) === (b[f] ?? null)) &&
    JSON.stringify(a.metadata ?? null) === JSON.stringify(b.metadata ?? null)
  );
}

/** Every entry of an instance with this status, page by page (one request per page, never per key). */
async function* allEntries(cache: CacheClient, status: CacheEntry['status'] | undefined, pageSize: number) {
  for (let offset = 0; ; offset += pageSize) {
    const page = await cache.listEntries({ limit: pageSize, offset, ...(status ? { status } : {}) });
    yield* page.entries;
    if (page.entries.length < pageSize) return;
  }
}

/**
 * The entry as the destination's POST /cache takes it, its remaining lifetime kept. The route
 * refuses an explicit null where a field is optional, so what the source has no value for is left out.
 */
function storeOf(entry: CacheEntry): StoreEntry {
  const left = entry.expires_at ? (Date.parse(entry.expires_at) - Date.now()) / 1000 : null;
  const store: Record<string, unknown> = {
    cache_key: entry.cache_key,
    simulation_id: entry.simulation_id,
    simulation_name: entry.simulation_name,
    simulation_version: entry.simulation_version,
    execution_id: entry.execution_id,
    squid_id: entry.squid_id,
    input_hash: entry.input_hash,
    run_db_path: entry.run_db_path,
    metadata: entry.metadata,
    compute_seconds: entry.compute_seconds,
    size_bytes: entry.size_bytes,
    ttl_seconds: left === null ? null : Math.max(1, Math.ceil(left)),
  };
  return Object.fromEntries(
    Object.entries(store).filter(([, v]) => v !== null && v !== undefined),
  ) as unknown as StoreEntry;
}

const emptyKind = (): KindReport => ({ copied: 0, skipped: 0, conflicts: [], refused: [] });

/**
 * Copies the source's valid cache entries to the destination. The rule for a key both hold:
 * the same value → skipped; a different value → a conflict, reported and left as it is, unless
 * `overwrite` (and then the destination itself refuses to replace someone else's entry for a
 * caller without cache_invalidate: that refusal is reported too). Nothing is ever replaced silently.
 */
async function syncCache(
  from: Clients,
  to: Clients,
  options: SyncOptions,
  terminal: Terminal,
): Promise<KindReport> {
  const report = emptyKind();
  const pageSize = options.pageSize ?? 500;
  // The destination's entries read once, page by page: an existence check per key would be a
  // request per key, and a GET /cache/{key} counts as a lookup in the destination's statistics.
  const there = new Map<string, CacheEntry>();
  for await (const e of allEntries(to.cache, undefined, pageSize)) there.set(e.cache_key, e);
  const wanted: CacheEntry[] = [];
  for await (const e of allEntries(from.cache, 'valid', pageSize)) wanted.push(e);
  let done = 0;
  for (const entry of wanted) {
    const prior = there.get(entry.cache_key);
    terminal.status?.(
      `cache   ${progressLine(++done, wanted.length, report.copied, report.conflicts.length)}`,
    );
    if (prior && prior.status === 'valid' && sameValue(prior, entry)) {
      report.skipped++;
      continue;
    }
    if (prior && !options.overwrite) {
      report.conflicts.push({
        key: entry.cache_key,
        reason:
          prior.status === 'valid'
            ? `the destination holds another value (execution ${prior.execution_id}, by ${prior.created_by ?? 'nobody known'}); kept as it is`
            : `the destination's entry is ${prior.status} (by ${prior.created_by ?? 'nobody known'}); kept as it is`,
      });
      continue;
    }
    try {
      await to.cache.set(storeOf(entry));
      report.copied++;
    } catch (error) {
      if (!(error instanceof SimvaultError && error.status < 500)) throw error;
      report.refused.push({ key: entry.cache_key, reason: sentence(error) });
    }
  }
  return report;
}

/** What sync compares of a result: which run file it is, and its tags. */
interface ResultSummary {
  execution_id: string;
  run_file: { checksum: string } | null;
  tags: Record<string, string>;
}

/**
 * Every result of an instance (invalidated ones too: an invalidation is part of the record), page
 * by page; only the fields sync compares are asked for.
 */
async function* allResults(results: ResultsClient, pageSize: number): AsyncGenerator<ResultSummary> {
  for (let offset = 0; ; offset += pageSize) {
    const page = await results.searchPage({
      limit: pageSize,
      offset,
      include_invalid: true,
      sort_by: 'created_at',
      sort_order: 'asc',
      fields: ['execution_id', 'run_file', 'tags'],
    });
    for (const r of page.results) {
      if (r.execution_id === undefined) continue;
      yield { execution_id: r.execution_id, run_file: r.run_file ?? null, tags: r.tags ?? {} };
    }
    if (page.results.length < pageSize) return;
  }
}

/** Tags one PUT /results/{id}/tags may set (the results service's limit). */
const TAGS_PER_REQUEST = 50;

/**
 * The source's tags the destination's result lacks, set on it; a key it holds with another value
 * is a conflict, reported and kept, unless `overwrite` (the destination then applies its own rule:
 * the result's owner, or results_curate).
 */
async function syncTags(
  id: string,
  tags: Record<string, string>,
  there: Record<string, string>,
  to: Clients,
  options: SyncOptions,
  report: SyncReport['results'],
): Promise<void> {
  const wanted: [string, string][] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (there[key] === value) continue;
    if (there[key] !== undefined && !options.overwrite) {
      report.conflicts.push({
        key: `${id} tag ${key}`,
        reason: `the destination's tag is ${JSON.stringify(there[key])}, this one's ${JSON.stringify(value)}; kept as it is`,
      });
      continue;
    }
    wanted.push([key, value]);
  }
  for (let i = 0; i < wanted.length; i += TAGS_PER_REQUEST) {
    const chunk = wanted.slice(i, i + TAGS_PER_REQUEST);
    try {
      await to.results.setResultTags(id, Object.fromEntries(chunk));
      report.tags_copied += chunk.length;
    } catch (error) {
      if (!(error instanceof SimvaultError && error.status < 500)) throw error;
      report.refused.push({ key: `${id} tags`, reason: sentence(error) });
      return;
    }
  }
}

/**
 * Copies the source's results that carry a run file: the external artifacts first (by sha256,
 * skipped when the destination holds them, resumable), then the run file through the destination's
 * upload registration, which records the result as the source did. A result is its execution id:
 * one the destination knows with the same run file (or, both registered directly, none) is
 * skipped; with another run file it is a conflict, reported and never replaced. Results without a
 * run file (register_direct) are sent as the same direct registration. Tags follow (syncTags).
 */
async function syncResults(
  from: Clients,
  to: Clients,
  options: SyncOptions,
  terminal: Terminal,
): Promise<SyncReport['results']> {
  const report = { ...emptyKind(), artifacts_copied: 0, artifacts_present: 0, tags_copied: 0 };
  const pageSize = Math.min(options.pageSize ?? 500, 1000);
  const there = new Map<string, ResultSummary>();
  for await (const r of allResults(to.results, pageSize)) there.set(r.execution_id, r);
  const wanted: ResultSummary[] = [];
  for await (const r of allResults(from.results, pageSize)) {
    const prior = there.get(r.execution_id);
    if (!prior) {
      wanted.push(r);
      continue;
    }
    const [ours, theirs] = [r.run_file?.checksum ?? null, prior.run_file?.checksum ?? null];
    if (ours !== theirs) {
      report.conflicts.push({
        key: r.execution_id,
        reason: `the destination holds another run file (${theirs === null ? 'none: registered directly' : `sha256 ${theirs}`}; this one ${ours === null ? 'none' : `sha256 ${ours}`}); kept as it is`,
      });
      continue;
    }
    report.skipped++;
    await syncTags(r.execution_id, r.tags, prior.tags, to, options, report);
  }
  const work = await mkdtemp(join(tmpdir(), 'simvault-sync-'));
  try {
    let done = 0;
    for (const r of wanted) {
      const id = r.execution_id;
      terminal.status?.(
        `results ${progressLine(++done, wanted.length, report.copied, report.refused.length)}`,
      );
      try {
        await copyResult(id, from, to, work, report);
        report.copied++;
      } catch (error) {
        if (error instanceof SimvaultError && error.status >= 500) throw error;
        report.refused.push({ key: id, reason: sentence(error) });
        continue;
      }
      await syncTags(id, r.tags, {}, to, options, report);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return report;
}

async function copyResult(
  id: string,
  from: Clients,
  to: Clients,
  work: string,
  report: SyncReport['results'],
): Promise<void> {
  const result = await from.results.getResult(id);
  if (!result) return;
  if (!result.run_file) {
    await to.results.registerDirect({
      execution_id: result.execution_id,
      simulation_name: result.simulation_name,
      simulation_version: result.simulation_version,
      input_params: result.input_params,
      output_params: result.output_params,
      status: result.status,
      squid_id: result.squid_id,
      duration_seconds: result.duration_seconds,
      metadata: result.metadata,
    });
    return;
  }
  // The external artifacts as the source's files service indexed them from this run file.
  const indexed = await from.files.runFiles(id).catch((error: unknown) => {
    if (error instanceof SimvaultError && error.status === 404) return null;
    throw error;
  });
  for (const file of indexed?.files ?? []) {
    if (file.storage !== 'external' || !file.sha256) continue;
    if ((await to.files.artifactState(file.sha256)).stored) {
      report.artifacts_present++;
      continue;
    }
    const path = join(work, file.sha256);
    await from.files.downloadArtifact(id, file, path);
    await to.files.uploadArtifact(file.sha256, path);
    await rm(path, { force: true });
    report.artifacts_copied++;
  }
  const runFile = join(work, `${id}.db`);
  const got = await from.results.downloadRunFileTo(id, runFile);
  if (got.sha256 !== result.run_file.checksum) {
    throw new Error(`The run file arrived hashing to ${got.sha256}, not ${result.run_file.checksum}.`);
  }
  await to.results.uploadRunFile(fileBody(runFile), {
    execution_id: id,
    ...(result.squid_id ? { squid_id: result.squid_id } : {}),
  });
  await rm(runFile, { force: true });
  if (!result.valid && result.invalidation) {
    await to.results.invalidateResult(
      id,
      result.invalidation.reason ?? 'invalidated on the instance it came from',
    );
  }
}

/**
 * Copies the source's Seamless transformation records page by page, each page's buffers first (the
 * transformation's own and its result, when the source holds them and the destination does not),
 * then the records the destination lacks. One lookup and one presence check per page, never per
 * checksum. A transformation the destination records with another result is a conflict, reported
 * and kept, unless `overwrite`.
 */
async function syncChecksums(
  from: Clients,
  to: Clients,
  options: SyncOptions,
  terminal: Terminal,
): Promise<SyncReport['checksums']> {
  const report = emptyChecksums();
  let seen = 0;
  await paged(
    (after, limit) =>
      from.cache
        .listTransformations({ after, limit })
        .then((p) => ({ items: p.transformations, next: p.next })),
    options,
    options.cursor?.('transformation'),
    report,
    async (transformations) => {
      const buffers = [...new Set(transformations.flatMap((t) => [t.checksum, t.result]))];
      const present = await to.cache.hasBuffers(buffers);
      for (const [i, checksum] of buffers.entries()) {
        if (present[i]) {
          report.buffers_present++;
          continue;
        }
        const bytes = await from.cache.getBuffer(checksum);
        if (!bytes) continue;
        await to.cache.putBuffer(checksum, bytes);
        report.buffers_copied++;
      }
      const there = (await to.cache.lookupTransformations(transformations.map((t) => t.checksum))).results;
      for (const t of transformations) {
        terminal.status?.(
          `checksums ${++seen} read, ${report.copied} copied, ${report.conflicts.length} conflicts`,
        );
        const prior = there[t.checksum];
        if (prior === t.result) {
          report.skipped++;
          continue;
        }
        if (prior && !options.overwrite) {
          report.conflicts.push({
            key: t.checksum,
            reason: `the destination records another result (${prior}); kept as it is`,
          });
          continue;
        }
        await refusable(report, t.checksum, () => to.cache.putTransformation(t.checksum, t.result));
      }
    },
  );
  return report;
}

/**
 * Pages through a listing from where the cursor left off: each page handled, then the cursor moved
 * past it (an interrupted run resumes there); --pages stops early and says where; a finished run
 * forgets the cursor.
 */
async function paged<T>(
  list: (after: string | undefined, limit: number) => Promise<{ items: T[]; next: string | null }>,
  options: SyncOptions,
  cursor: SyncCursor | undefined,
  report: { resumed_after: string | null; stopped_after: string | null },
  handle: (items: T[]) => Promise<void>,
): Promise<void> {
  const limit = Math.min(options.pageSize ?? 500, 1000);
  let after = cursor?.get();
  report.resumed_after = after ?? null;
  let pages = 0;
  do {
    if (options.pages !== undefined && pages >= options.pages) {
      report.stopped_after = after ?? null;
      return;
    }
    pages++;
    const page = await list(after, limit);
    after = page.next ?? undefined;
    if (page.items.length === 0) break;
    await handle(page.items);
    // The page is done: an interrupted run resumes after it.
    if (after) cursor?.set(after);
  } while (after);
  cursor?.set(undefined);
}

/** Copies one record; a refusal by the destination (4xx) is reported, not fatal. */
async function refusable(report: KindReport, key: string, put: () => Promise<unknown>): Promise<void> {
  try {
    await put();
    report.copied++;
  } catch (error) {
    if (!(error instanceof SimvaultError && error.status < 500)) throw error;
    report.refused.push({ key, reason: sentence(error) });
  }
}

type Row = Record<string, unknown>;

/**
 * Copies one kind of the source's other Seamless records page by page, with the transformations'
 * rule: a record the destination holds with another value is a conflict, reported and kept (never
 * overwritten, whatever --overwrite says: these records are write-once or merged); an identical
 * one is skipped.
 */
async function syncRecords(
  kind: (typeof RECORD_KINDS)[number],
  from: Clients,
  to: Clients,
  options: SyncOptions,
  terminal: Terminal,
): Promise<RecordsReport> {
  const report: RecordsReport = { ...emptyKind(), resumed_after: null, stopped_after: null };
  let seen = 0;
  const conflict = (key: string, reason: string) => report.conflicts.push({ key, reason });
  const one: Record<typeof kind, (r: Row) => Promise<void>> = {
    async buffer_info(r) {
      const checksum = r.checksum as string;
      const info = JSON.parse(r.buffer_info as string) as Record<string, unknown>;
      const there = await to.cache.getBufferInfo(checksum);
      if (there && isDeepStrictEqual(there.info, info)) report.skipped++;
      else if (there)
        conflict(
          checksum,
          `the destination knows other buffer info (${JSON.stringify(there.info)}); kept as it is`,
        );
      else await refusable(report, checksum, () => to.cache.putBufferInfo(checksum, info));
    },
    async semantic_to_syntactic(r) {
      const [semantic, syntactic] = [r.semantic as string, r.syntactic as string];
      const celltype = r.celltype as string;
      const subcelltype = r.subcelltype as string;
      const key = `${semantic} ${celltype}/${subcelltype} ${syntactic}`;
      // A set of pairs: one held is the same record, so there is nothing to conflict with.
      if ((await to.cache.getSyntactic(semantic, celltype, subcelltype)).includes(syntactic))
        report.skipped++;
      else
        await refusable(report, key, () =>
          to.cache.putSyntactic(semantic, { celltype, subcelltype, syntactic: [syntactic] }),
        );
    },
    async metadata(r) {
      const checksum = r.checksum as string;
      const result = r.result as string;
      const text = r.metadata as string;
      const there = await to.cache.getExecutionRecord(checksum);
      if (there && there.result === result && isDeepStrictEqual(there.record, JSON.parse(text)))
        report.skipped++;
      else if (there)
        conflict(
          checksum,
          `the destination holds another execution record (result ${there.result}); kept as it is`,
        );
      else
        try {
          // The stored text as it was sent, so every number arrives exactly as written.
          await to.cache.putExecutionRecord(checksum, { result, record: text });
          report.copied++;
        } catch (error) {
          // 409: the destination's transformation has another result, or was withdrawn there.
          if (error instanceof SimvaultError && error.status === 409)
            conflict(checksum, `${sentence(error)}; kept as it is`);
          else if (error instanceof SimvaultError && error.status < 500)
            report.refused.push({ key: checksum, reason: sentence(error) });
          else throw error;
        }
    },
  };
  await paged(
    (after, limit) =>
      from.cache.listRecords(kind, { after, limit }).then((p) => ({ items: p.records, next: p.next })),
    options,
    options.cursor?.(kind),
    report,
    async (rows) => {
      for (const r of rows) {
        terminal.status?.(
          `${kind} ${++seen} read, ${report.copied} copied, ${report.conflicts.length} conflicts`,
        );
        await one[kind](r);
      }
    },
  );
  return report;
}

const emptyChecksums = (): SyncReport['checksums'] => ({
  ...emptyKind(),
  buffers_copied: 0,
  buffers_present: 0,
  resumed_after: null,
  stopped_after: null,
});

/**
 * `simvault sync push|pull`: what `source` holds and `destination` lacks, copied with each side's
 * own credential, so the destination's privileges apply to every write.
 */
export async function sync(
  direction: 'push' | 'pull',
  local: Side,
  remote: Side,
  options: SyncOptions,
  terminal: Terminal,
): Promise<SyncReport> {
  const [source, destination] = direction === 'push' ? [local, remote] : [remote, local];
  const from = await clientsOf(source, ['read']);
  const to = await clientsOf(destination, ['read', 'write']);
  const kinds = options.kinds ?? [...SYNC_KINDS];
  const report: SyncReport = {
    direction,
    results: { ...emptyKind(), artifacts_copied: 0, artifacts_present: 0, tags_copied: 0 },
    cache: emptyKind(),
    checksums: emptyChecksums(),
    records: Object.fromEntries(
      RECORD_KINDS.map((k) => [k, { ...emptyKind(), resumed_after: null, stopped_after: null }]),
    ) as SyncReport['records'],
  };
  // Results first: an entry copied after its run resolves on the destination at once.
  if (kinds.includes('results')) report.results = await syncResults(from, to, options, terminal);
  if (kinds.includes('cache')) report.cache = await syncCache(from, to, options, terminal);
  if (kinds.includes('checksums')) {
    report.checksums = await syncChecksums(from, to, options, terminal);
    for (const kind of RECORD_KINDS)
      report.records[kind] = await syncRecords(kind, from, to, options, terminal);
  }
  return report;
}

/** `results: 3 copied (2 artifacts sent, 1 present), 5 skipped, 0 refused` lines. */
export function summary(report: SyncReport): string[] {
  const r = report.results;
  const lines = [
    `results: ${r.copied} copied (${r.artifacts_copied} artifact${r.artifacts_copied === 1 ? '' : 's'} sent, ${r.artifacts_present} already there; ${r.tags_copied} tag${r.tags_copied === 1 ? '' : 's'} set), ${r.skipped} skipped, ${r.conflicts.length} conflict${r.conflicts.length === 1 ? '' : 's'}, ${r.refused.length} refused`,
    `cache:   ${report.cache.copied} copied, ${report.cache.skipped} skipped, ${report.cache.conflicts.length} conflict${report.cache.conflicts.length === 1 ? '' : 's'}, ${report.cache.refused.length} refused`,
  ];
  const k = report.checksums;
  lines.push(
    `checksums: ${k.copied} copied (${k.buffers_copied} buffer${k.buffers_copied === 1 ? '' : 's'} sent, ${k.buffers_present} already there), ${k.skipped} skipped, ${k.conflicts.length} conflict${k.conflicts.length === 1 ? '' : 's'}, ${k.refused.length} refused`,
  );
  if (k.resumed_after)
    lines.push(`  checksums resumed after ${k.resumed_after} (where the last run stopped)`);
  if (k.stopped_after) lines.push(`  checksums stopped after ${k.stopped_after}: the next run resumes there`);
  for (const kind of RECORD_KINDS) {
    const x = report.records[kind];
    lines.push(
      `${kind}: ${x.copied} copied, ${x.skipped} skipped, ${x.conflicts.length} conflict${x.conflicts.length === 1 ? '' : 's'}, ${x.refused.length} refused`,
    );
    if (x.stopped_after) lines.push(`  ${kind} stopped after a page: the next run resumes there`);
  }
  const records = RECORD_KINDS.map((kind) => report.records[kind]);
  for (const c of [
    ...r.conflicts,
    ...report.cache.conflicts,
    ...k.conflicts,
    ...records.flatMap((x) => x.conflicts),
  ])
    lines.push(`  conflict ${c.key}: ${c.reason}`);
  for (const c of [...r.refused, ...report.cache.refused, ...k.refused, ...records.flatMap((x) => x.refused)])
    lines.push(`  refused ${c.key}: ${c.reason}`);
  return lines;
}

/** The remote's URL of a service: --remote-<service>-url, else the remote host on this configuration's port. */
function remoteUrls(o: Record<string, string | undefined>): Record<Service, string> {
  const base = o.remote;
  const urls = {} as Record<Service, string>;
  for (const service of SERVICES) {
    const given = o[`remote${service[0].toUpperCase()}${service.slice(1)}Url`];
    if (given) urls[service] = given;
    else if (base) {
      let url: URL;
      try {
        url = new URL(base);
      } catch {
        throw new Error(`--remote ${JSON.stringify(base)} is not a URL (e.g. http://team.example:8003).`);
      }
      url.port = new URL(serviceUrl(service)).port;
      urls[service] = url.origin;
    } else throw new Error('Name the other instance: --remote <url> (or --remote-<service>-url).');
  }
  return urls;
}

function addSyncOptions(command: Command): Command {
  command.addOption(
    new Option('--remote <url>', "the other instance's host, its services on this machine's ports").env(
      'SIMVAULT_REMOTE_URL',
    ),
  );
  for (const service of SERVICES) {
    command.addOption(
      new Option(`--remote-${service}-url <url>`, `the other instance's ${service} service`).env(
        `SIMVAULT_REMOTE_${service.toUpperCase()}_URL`,
      ),
    );
    command.addOption(
      new Option(`--${service}-url <url>`, `this instance's ${service} service`).env(
        `SIMVAULT_${service.toUpperCase()}_URL`,
      ),
    );
  }
  return command
    .addOption(
      new Option('--token <token>', "this instance's token (default: the stored login)").env(
        'SIMVAULT_TOKEN',
      ),
    )
    .addOption(
      new Option('--remote-token <token>', "the other instance's token").env('SIMVAULT_REMOTE_TOKEN'),
    )
    .option('--remote-user <name>', 'log in to the other instance as this user')
    .addOption(new Option('--remote-password <password>', 'that password').env('SIMVAULT_REMOTE_PASSWORD'))
    .option('--only <kinds>', `a comma-separated subset of ${SYNC_KINDS.join(',')}`)
    .option(
      '--overwrite',
      "replace a destination cache entry, transformation result or result tag whose value differs (someone else's needs cache_invalidate, or results_curate for tags, there); a result with another run file is never replaced",
    )
    .option('--page-size <n>', 'records read per request (default 500, at most 1000)')
    .option(
      '--pages <n>',
      'stop after this many pages of each kind of Seamless record; the next run resumes where this one stopped',
    )
    .option('--json', 'the report as JSON');
}

/** `simvault sync push` and `simvault sync pull`. */
export function registerSyncCommands(program: Command): void {
  const group = program
    .command('sync')
    .description(
      'Copy results (with run files and artifacts), cache entries and Seamless records (transformations with their buffers, buffer info, semantic-to-syntactic checksums, execution records) between this instance and another: idempotent, a differing entry reported as a conflict and never replaced unless --overwrite.',
    );
  for (const direction of ['push', 'pull'] as const) {
    addSyncOptions(group.command(direction))
      .description(
        direction === 'push'
          ? 'Copy what this instance holds and the remote lacks to the remote.'
          : 'Copy what the remote holds and this instance lacks here.',
      )
      .action(async (o: Record<string, string | boolean | undefined>) => {
        const s = o as Record<string, string | undefined>;
        const kinds = s.only?.split(',').map((k) => k.trim()) as SyncKind[] | undefined;
        const unknown = kinds?.filter((k) => !SYNC_KINDS.includes(k));
        if (unknown?.length)
          throw new Error(`--only takes ${SYNC_KINDS.join(', ')}; not ${unknown.join(', ')}.`);
        const local: Side = {
          urls: {
            cache: s.cacheUrl ?? serviceUrl('cache'),
            results: s.resultsUrl ?? serviceUrl('results'),
            files: s.filesUrl ?? serviceUrl('files'),
          },
          token: s.token,
        };
        const remote: Side = {
          urls: remoteUrls(s),
          token: s.remoteToken,
          user: s.remoteUser,
          password: s.remotePassword,
          remote: true,
        };
        const count = (name: string, value: string | undefined) => {
          if (value === undefined) return undefined;
          if (!/^[1-9]\d*$/.test(value))
            throw new Error(`--${name} takes a whole number above 0, not ${value}.`);
          return Number(value);
        };
        // One cursor per direction and pair of instances (named by their cache services, which list the records).
        const [from, to] = direction === 'push' ? [local, remote] : [remote, local];
        // Transformations keep the key they always had, so a run cut before this version resumes.
        const cursor = (records: RecordKind) =>
          fileCursor(
            defaultSyncStateFile(),
            `${records === 'transformation' ? 'checksums' : records} ${from.urls.cache} -> ${to.urls.cache}`,
          );
        const terminal = o.json ? { out: () => undefined } : consoleTerminal();
        const report = await sync(
          direction,
          local,
          remote,
          {
            kinds,
            overwrite: o.overwrite === true,
            pageSize: count('page-size', s.pageSize),
            pages: count('pages', s.pages),
            cursor,
          },
          terminal,
        );
        if (o.json) console.log(JSON.stringify(report, null, 2));
        else for (const line of summary(report)) terminal.out(line);
      });
  }
}
