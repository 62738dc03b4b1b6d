import Database from 'better-sqlite3';

/**
 * A consistent copy of a live SQLite database (SQLite's online backup API: pages are copied while
 * other connections keep reading and writing).
 */
export async function backupSqlite(source: string, destination: string): Promise<number> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    return totalPages;
  } finally {
    db.close();
  }
}

/** True when the file is a readable SQLite database that passes a quick integrity check. */
export function sqliteIsHealthy(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.pragma('quick_check', { simple: true }) as string) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
