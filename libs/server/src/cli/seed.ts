// Seeds the demo organisation (development only; the contract's demo passwords never reach production).
import { createDatabase } from '../db/prisma';
import { seedDemo } from '../seed/demo';

async function main() {
  if (process.env.APP_MODE === 'production')
    throw new Error('refusing to seed demo accounts in production');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const db = createDatabase(url, 2);
  try {
    console.log(JSON.stringify(await seedDemo(db.prisma)));
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
