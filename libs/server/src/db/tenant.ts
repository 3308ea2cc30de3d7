import type { PrismaClient } from '../generated/prisma/client';

// Tenancy at the data layer: a client for one organisation adds `orgId` to every query of every
// tenant-owned model, so a row of another organisation can be neither read, counted, changed nor
// deleted through it, whatever a handler asks. Handlers that receive another tenant's id get
// "not found" because the row is invisible, not because they remembered to check.

const TENANT_MODELS = new Set([
  'User',
  'RefreshToken',
  'ApiKey',
  'Course',
  'Enrolment',
  'Exercise',
  'Attempt',
  'Cluster',
  'ClusterToken',
  'LabFile',
  'KubeObject',
  'KubeEvent',
  'ClusterChange',
  'AuditLog',
]);

const WHERE_OPS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATE_OPS = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);

function withOrg(data: unknown, orgId: string): unknown {
  if (Array.isArray(data)) return data.map((d) => withOrg(d, orgId));
  const d = (data ?? {}) as Record<string, unknown>;
  if (d.orgId !== undefined && d.orgId !== orgId) {
    throw new Error('tenant violation: attempt to write a row of another organisation');
  }
  return { ...d, orgId };
}

export function tenantClient(prisma: PrismaClient, orgId: string) {
  return prisma.$extends({
    name: `tenant:${orgId}`,
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const a = (args ?? {}) as Record<string, any>;
          if (model === 'Organisation') {
            if (WHERE_OPS.has(operation)) a.where = { ...(a.where ?? {}), id: orgId };
            if (CREATE_OPS.has(operation) && operation !== 'upsert') {
              throw new Error(
                'tenant violation: organisations are not created through a tenant client',
              );
            }
            return query(a);
          }
          if (!TENANT_MODELS.has(model)) return query(a);
          if (WHERE_OPS.has(operation)) a.where = { ...(a.where ?? {}), orgId };
          if (operation === 'create') a.data = withOrg(a.data, orgId);
          if (operation === 'createMany' || operation === 'createManyAndReturn')
            a.data = withOrg(a.data, orgId);
          if (operation === 'upsert') a.create = withOrg(a.create, orgId);
          if (
            (operation === 'update' || operation === 'updateMany' || operation === 'upsert') &&
            a.data?.orgId &&
            a.data.orgId !== orgId
          ) {
            throw new Error('tenant violation: attempt to move a row to another organisation');
          }
          return query(a);
        },
      },
    },
  });
}

export type TenantClient = ReturnType<typeof tenantClient>;

/** Caches one extended client per organisation; extension objects are cheap but not free. */
export class TenantClients {
  private readonly cache = new Map<string, TenantClient>();
  constructor(private readonly prisma: PrismaClient) {}

  for(orgId: string): TenantClient {
    let c = this.cache.get(orgId);
    if (!c) {
      if (this.cache.size > 1000) this.cache.clear();
      c = tenantClient(this.prisma, orgId);
      this.cache.set(orgId, c);
    }
    return c;
  }
}
