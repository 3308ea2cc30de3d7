import { Client } from 'pg';

/** The URL of another database on the same server. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function withMaintenance<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseUrl(url, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates the database named in url when it does not exist. Returns true when it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withMaintenance(url, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await c.query(`CREATE DATABASE ${ident(name)}`);
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withMaintenance(url, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

/** A fresh database copied from a migrated template: how each test file gets its own. */
export async function cloneDatabase(templateUrl: string, newName: string): Promise<string> {
  const template = databaseName(templateUrl);
  await withMaintenance(templateUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(newName)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(newName)} TEMPLATE ${ident(template)}`);
  });
  return databaseUrl(templateUrl, newName);
}
