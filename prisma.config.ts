import { defineConfig } from 'prisma/config';

// The CLI is used offline for `prisma generate` only; migrations are applied by libs/server's
// migrator (see DEVELOPERS.md). The URL is optional so that generate works without a database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/kubelab' },
});
