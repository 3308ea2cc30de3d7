import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export { PrismaClient };
export type { Prisma } from '../generated/prisma/client';

export interface Database {
  prisma: PrismaClient;
  /** The same pool Prisma uses, for the object store's hand-written SQL. */
  pool: Pool;
  close(): Promise<void>;
}

/** One pg pool per process, shared by Prisma (through its driver adapter) and raw SQL. */
export function createDatabase(url: string, poolSize = 10): Database {
  const pool = new Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
