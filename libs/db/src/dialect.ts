import type { DataSource } from 'typeorm';

/**
 * For the few hot or batched statements written as plain SQL: placeholders and value encodings
 * differ between the drivers (TypeORM's query builder does this itself; `dataSource.query` does not).
 */
export interface Dialect {
  pg: boolean;
  /** The n-th (1-based) placeholder: `$n` on PostgreSQL, `?` on SQLite. */
  param(n: number): string;
  /** A Date as the driver stores it (SQLite: TypeORM's UTC text form). */
  date(value: Date | null): Date | string | null;
  /** A timestamp column read back from a raw row. */
  readDate(value: unknown): Date | null;
}

export function dialectOf(dataSource: DataSource): Dialect {
  const pg = dataSource.options.type === 'postgres';
  return {
    pg,
    param: (n) => (pg ? `$${n}` : '?'),
    date: (value) => (value === null || pg ? value : value.toISOString().replace('T', ' ').replace('Z', '')),
    readDate: (value) => {
      if (value === null || value === undefined) return null;
      if (value instanceof Date) return value;
      return new Date(`${String(value).replace(' ', 'T')}Z`);
    },
  };
}
