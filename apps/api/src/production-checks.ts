import type { INestApplication } from '@nestjs/common';
import { DEMO_PASSWORD, type AppConfig } from '@kubelab/platform';
import { DEMO_USERS, verifyPassword, type Database } from '@kubelab/server';
import { DATABASE } from './common/tokens';

/** A production start refuses to run while a demo account still has the demo password. */
export async function refuseDemoPasswordsInProduction(
  app: INestApplication,
  config: AppConfig,
): Promise<void> {
  if (config.APP_MODE !== 'production') return;
  const db = app.get<Database>(DATABASE);
  const users = await db.prisma.user.findMany({
    where: { email: { in: DEMO_USERS.map((u) => u.email) } },
  });
  for (const u of users) {
    if (await verifyPassword(u.passwordHash, DEMO_PASSWORD)) {
      await app.close();
      throw new Error(
        `refusing to start in production: ${u.email} still has the demo password; change or delete it`,
      );
    }
  }
}
