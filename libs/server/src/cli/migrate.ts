// `node -r @swc-node/register libs/server/src/cli/migrate.ts`: creates the database in
// DATABASE_URL if needed and applies prisma/migrations. Prints one line of JSON.
import path from 'node:path';
import { createDatabase } from '../db/prisma';
import { ensureDatabase } from '../db/database-admin';
import { applyMigrations } from '../db/migrator';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const createdDb = await ensureDatabase(url);
  const db = createDatabase(url, 2);
  try {
    const res = await applyMigrations(
      db.pool,
      path.resolve(__dirname, '../../../../prisma/migrations'),
    );
    console.log(JSON.stringify({ createdDb, ...res }));
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
