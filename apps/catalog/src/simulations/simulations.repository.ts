import { Injectable } from '@nestjs/common';
import { CatalogDatabase } from '../database/catalog-database';
import { fts5Expression, tsqueryExpression, type ParsedQuery } from './search-query';
import { SUMMARY_COLUMNS } from './simulation.response';

/** Who is looking: a private simulation is seen only by its creator and by admins. */
export interface Viewer {
  username: string;
  admin: boolean;
}

export interface SearchFilter {
  text: ParsedQuery;
  /** The whole query, lower-cased: a simulation of exactly that name comes first. */
  exactName: string | null;
  statuses: string[] | null;
  tags: string[];
  tagMode: 'any' | 'all';
  limit: number;
  offset: number;
}

/**
 * Ranking weights. Name matches outrank tag matches, which outrank description matches, on both
 * backends: FTS5's bm25 weights its columns (name, description, tags); PostgreSQL's ts_rank
 * weights the labels the search_vector column gives them ({D, C: description, B: tags, A: name}).
 */
const BM25 = 'bm25(simulations_fts, 100.0, 1.0, 10.0)';
const TS_RANK_WEIGHTS = `'{0.001, 0.01, 0.1, 1.0}'`;

const summary = SUMMARY_COLUMNS.map((c) => `s.${c}`).join(', ');

@Injectable()
export class SimulationsRepository {
  constructor(readonly db: CatalogDatabase) {}

  private visible(viewer: Viewer, add: (v: unknown) => string): string | null {
    return viewer.admin ? null : `(s.visibility <> 'private' OR s.created_by = ${add(viewer.username)})`;
  }

  /**
   * The WHERE clause (and, for a page, the rank and order) of a search. Placeholders are added in
   * the order they appear in the statement: SQLite's `?` are positional.
   */
  private searchSql(filter: SearchFilter, viewer: Viewer, page: boolean) {
    const p = this.db.params();
    const add = (v: unknown) => p.add(v);
    const text = filter.text.include.length > 0;
    const where: string[] = [];
    let select = 's.id';
    let from = 'simulations s';
    let rank = '';
    if (text && this.db.pg) {
      const tsquery = (parsed: ParsedQuery) => `to_tsquery('simple', ${add(tsqueryExpression(parsed))})`;
      if (page) {
        // Ranked on the wanted words only: ts_rank scores a negated word as if it were sought.
        const wanted = tsquery({ ...filter.text, exclude: [] });
        select += `, ts_rank(${TS_RANK_WEIGHTS}, s.search_vector, ${wanted}) AS score`;
        rank = 'score DESC';
      }
      where.push(`s.search_vector @@ ${tsquery(filter.text)}`);
    } else if (text) {
      // Driven from the FTS index (a join, not `s.id IN (…)`), so only matching rows are read.
      const score = page ? `, ${BM25} AS score` : '';
      from += ` JOIN (SELECT rowid AS match_id${score} FROM simulations_fts WHERE simulations_fts MATCH ${add(fts5Expression(filter.text))}) m ON m.match_id = s.id`;
      if (page) rank = 'm.score ASC';
    }
    if (filter.statuses) where.push(`s.status IN (${filter.statuses.map(add).join(', ')})`);
    if (filter.tags.length) {
      const tags = filter.tags.map(add).join(', ');
      where.push(
        filter.tagMode === 'all'
          ? `s.id IN (SELECT simulation_id FROM simulation_tags WHERE tag IN (${tags}) GROUP BY simulation_id HAVING COUNT(*) = ${filter.tags.length})`
          : `s.id IN (SELECT simulation_id FROM simulation_tags WHERE tag IN (${tags}))`,
      );
    }
    const visible = this.visible(viewer, add);
    if (visible) where.push(visible);
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    if (!page) return { sql: `SELECT COUNT(*) AS n FROM ${from}${clause}`, params: p };
    const order = [
      ...(text && filter.exactName ? [`(lower(s.name) = ${add(filter.exactName)}) DESC`] : []),
      ...(rank ? [rank] : []),
      's.name ASC',
      's.version_key DESC',
      's.id DESC',
    ];
    return {
      sql: `SELECT ${select} FROM ${from}${clause} ORDER BY ${order.join(', ')} LIMIT ${add(filter.limit)} OFFSET ${add(filter.offset)}`,
      params: p,
    };
  }

  /**
   * One page of a search, ranked, and the number of matches. The ranking reads ids and scores
   * only; the page's rows are read after, by id, so sorting never carries whole rows. The count
   * is a second (cheaper) query, and only when the page does not tell it already.
   */
  async search(
    filter: SearchFilter,
    viewer: Viewer,
  ): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const page = this.searchSql(filter, viewer, true);
    const ids = (await this.db.query<{ id: number | string }>(page.sql, page.params)).map((r) =>
      Number(r.id),
    );
    let total: number;
    if (ids.length < filter.limit && (ids.length > 0 || filter.offset === 0))
      total = filter.offset + ids.length;
    else {
      const count = this.searchSql(filter, viewer, false);
      total = Number((await this.db.query(count.sql, count.params))[0].n);
    }
    if (!ids.length) return { rows: [], total };
    const p = this.db.params();
    const rows = await this.db.query(
      `SELECT ${summary} FROM simulations s WHERE s.id IN (${ids.map((id) => p.add(id)).join(', ')})`,
      p,
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return { rows: ids.map((id) => byId.get(id)!).filter(Boolean), total };
  }

  /** One version (or the latest, in version order), with its bundle; null when absent or not visible. */
  async findByName(
    name: string,
    version: string | undefined,
    viewer: Viewer,
  ): Promise<Record<string, unknown> | null> {
    const p = this.db.params();
    const where = [`s.name = ${p.add(name)}`];
    if (version !== undefined) where.push(`s.version = ${p.add(version)}`);
    const visible = this.visible(viewer, (v) => p.add(v));
    if (visible) where.push(visible);
    const rows = await this.db.query(
      `SELECT ${summary}, s.workflow_bundle FROM simulations s WHERE ${where.join(' AND ')} ORDER BY s.version_key DESC, s.id DESC LIMIT 1`,
      p,
    );
    return rows[0] ?? null;
  }

  /** Every visible version of a name, newest (in version order) first, without bundles. */
  async versions(name: string, viewer: Viewer): Promise<Record<string, unknown>[]> {
    const p = this.db.params();
    const where = [`s.name = ${p.add(name)}`];
    const visible = this.visible(viewer, (v) => p.add(v));
    if (visible) where.push(visible);
    return this.db.query(
      `SELECT ${summary} FROM simulations s WHERE ${where.join(' AND ')} ORDER BY s.version_key DESC, s.id DESC`,
      p,
    );
  }

  async findById(id: number, withBundle = false): Promise<Record<string, unknown> | null> {
    const p = this.db.params();
    const rows = await this.db.query(
      `SELECT ${summary}${withBundle ? ', s.workflow_bundle' : ''} FROM simulations s WHERE s.id = ${p.add(id)}`,
      p,
    );
    return rows[0] ?? null;
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM simulations');
    return Number(rows[0].n);
  }
}
