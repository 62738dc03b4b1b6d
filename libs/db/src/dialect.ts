import type { DataSource } from 'typeorm';

/**
 * How the drivers encode values (the gateway binds them; TypeORM's query builder does this itself;
 * placeholders are `?` everywhere, numbered by the gateway on PostgreSQL).
 */
export interface Dialect {
  pg: boolean;
  /** A Date as the driver stores it (SQLite: TypeORM's UTC text form). */
  date(value: Date | null): Date | string | null;
  /** A timestamp column read back from a raw row. */
  readDate(value: unknown): Date | null;
}

export function dialectOf(dataSource: DataSource): Dialect {
  const pg = dataSource.options.type === 'postgres';
  return {
    pg,
    date: (value) => (value === null || pg ? value : value.toISOString().replace('T', ' ').replace('Z', '')),
    readDate: (value) => {
      if (value === null || value === undefined) return null;
      if (value instanceof Date) return value;
      return new Date(`${String(value).replace(' ', 'T')}Z`);
    },
  };
}
