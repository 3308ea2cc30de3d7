import { DEMO_PASSWORD } from '@kubelab/platform';
import type { PrismaClient } from '../generated/prisma/client';
import { hashPassword } from '../passwords';

export const DEMO_ORG_SLUG = 'demo';
export const DEMO_USERS = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'ORG_ADMIN' as const },
  { email: 'instructor@example.com', name: 'Ivan Instructor', role: 'INSTRUCTOR' as const },
  { email: 'learner@example.com', name: 'Lea Learner', role: 'LEARNER' as const },
];

/**
 * The demo organisation of the contract. Idempotent: a second run changes nothing that exists,
 * so a learner's clusters and any password change survive restarts.
 */
export async function seedDemo(prisma: PrismaClient): Promise<{ orgId: string; created: number }> {
  const org = await prisma.organisation.upsert({
    where: { slug: DEMO_ORG_SLUG },
    update: {},
    create: { slug: DEMO_ORG_SLUG, name: 'Demo School' },
  });
  let created = 0;
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const existing = await prisma.user.findUnique({ where: { email: u.email } });
    if (existing) {
      ids[u.email] = existing.id;
      continue;
    }
    const row = await prisma.user.create({
      data: {
        orgId: org.id,
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash: await hashPassword(DEMO_PASSWORD),
      },
    });
    ids[u.email] = row.id;
    created++;
  }
  const course = await prisma.course.upsert({
    where: { orgId_code: { orgId: org.id, code: 'K8S-101' } },
    update: {},
    create: {
      orgId: org.id,
      code: 'K8S-101',
      title: 'Kubernetes Fundamentals',
      description:
        'Pods, Deployments, Services, configuration and storage, on your own simulated cluster.',
    },
  });
  for (const [email, role] of [
    ['instructor@example.com', 'INSTRUCTOR'],
    ['learner@example.com', 'LEARNER'],
  ] as const) {
    await prisma.enrolment.upsert({
      where: { courseId_userId: { courseId: course.id, userId: ids[email]! } },
      update: {},
      create: { orgId: org.id, courseId: course.id, userId: ids[email]!, role },
    });
  }
  return { orgId: org.id, created };
}
