import crypto from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Database } from '../db/prisma';

// The cluster object store: the simulator's etcd, on Postgres. Every write happens inside
// transact(), which locks the cluster's row, so the writes of one cluster are serialised and
// each gets the next resourceVersion of that cluster: commit order is resourceVersion order.
// Each write is also appended to ClusterChange in the same transaction, which is the change
// feed watches, workers and live updates read from.

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface ClusterScope {
  orgId: string;
  clusterId: string;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeRecord {
  clusterId: string;
  resourceVersion: string;
  type: ChangeType;
  object: KubeObject;
}

/** Transforms objects on their way into and out of storage (Secret encryption). */
export interface ObjectCodec {
  encode(obj: KubeObject): KubeObject;
  decode(obj: KubeObject): KubeObject;
}
export const identityCodec: ObjectCodec = { encode: (o) => o, decode: (o) => o };

export class ClusterNotFoundError extends Error {
  constructor() {
    super('cluster not found');
    this.name = 'ClusterNotFoundError';
  }
}

export class ObjectExistsError extends Error {
  constructor(readonly object: KubeObject) {
    super(`${object.kind} ${object.metadata.name} already exists`);
    this.name = 'ObjectExistsError';
  }
}

export const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';

const keyOf = (o: KubeObject) => ({
  apiGroup: groupOf(o.apiVersion),
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

export class ClusterTransaction {
  readonly changes: ChangeRecord[] = [];
  private rv: bigint;

  constructor(
    private readonly c: PoolClient,
    readonly scope: ClusterScope,
    startRv: bigint,
    private readonly codec: ObjectCodec,
  ) {
    this.rv = startRv;
  }

  /** The cluster's resourceVersion including this transaction's writes so far. */
  get resourceVersion(): string {
    return this.rv.toString();
  }

  private next(): string {
    this.rv += 1n;
    return this.rv.toString();
  }

  private record(type: ChangeType, obj: KubeObject): Promise<unknown> {
    const k = keyOf(obj);
    this.changes.push({
      clusterId: this.scope.clusterId,
      resourceVersion: obj.metadata.resourceVersion!,
      type,
      object: obj,
    });
    return this.c.query(
      `INSERT INTO "ClusterChange" ("clusterId","resourceVersion","orgId","type","apiGroup","kind","namespace","name","object")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        this.scope.clusterId,
        obj.metadata.resourceVersion,
        this.scope.orgId,
        type,
        k.apiGroup,
        k.kind,
        k.namespace,
        k.name,
        this.codec.encode(obj),
      ],
    );
  }

  async get(
    apiGroup: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<KubeObject | null> {
    const { rows } = await this.c.query(
      `SELECT "object" FROM "KubeObject" WHERE "clusterId"=$1 AND "orgId"=$2 AND "apiGroup"=$3 AND "kind"=$4 AND "namespace"=$5 AND "name"=$6`,
      [this.scope.clusterId, this.scope.orgId, apiGroup, kind, namespace, name],
    );
    return rows[0] ? this.codec.decode(rows[0].object) : null;
  }

  async list(apiGroup: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const params: unknown[] = [this.scope.clusterId, this.scope.orgId, apiGroup, kind];
    let sql = `SELECT "object" FROM "KubeObject" WHERE "clusterId"=$1 AND "orgId"=$2 AND "apiGroup"=$3 AND "kind"=$4`;
    if (namespace !== undefined) {
      params.push(namespace);
      sql += ` AND "namespace"=$5`;
    }
    const { rows } = await this.c.query(sql + ' ORDER BY "namespace","name"', params);
    return rows.map((r) => this.codec.decode(r.object));
  }

  /** Stores a new object; its metadata.resourceVersion is set here. */
  async create(obj: KubeObject): Promise<KubeObject> {
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        uid: obj.metadata.uid ?? crypto.randomUUID(),
        resourceVersion: this.next(),
      },
    };
    const k = keyOf(stored);
    const res = await this.c.query(
      `INSERT INTO "KubeObject" ("clusterId","orgId","apiGroup","kind","namespace","name","uid","resourceVersion","generation","labels","object","updatedAt")
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,now()) ON CONFLICT DO NOTHING`,
      [
        this.scope.clusterId,
        this.scope.orgId,
        k.apiGroup,
        k.kind,
        k.namespace,
        k.name,
        stored.metadata.uid,
        stored.metadata.resourceVersion,
        stored.metadata.generation ?? 1,
        stored.metadata.labels ?? {},
        this.codec.encode(stored),
      ],
    );
    if (res.rowCount === 0) throw new ObjectExistsError(stored);
    await this.record('ADDED', stored);
    return stored;
  }

  /** Replaces a stored object; its metadata.resourceVersion is set here. */
  async update(obj: KubeObject): Promise<KubeObject> {
    const stored: KubeObject = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: this.next() },
    };
    const k = keyOf(stored);
    const res = await this.c.query(
      `UPDATE "KubeObject" SET "resourceVersion"=$7, "generation"=$8, "labels"=$9, "object"=$10, "updatedAt"=now()
       WHERE "clusterId"=$1 AND "orgId"=$2 AND "apiGroup"=$3 AND "kind"=$4 AND "namespace"=$5 AND "name"=$6`,
      [
        this.scope.clusterId,
        this.scope.orgId,
        k.apiGroup,
        k.kind,
        k.namespace,
        k.name,
        stored.metadata.resourceVersion,
        stored.metadata.generation ?? 1,
        stored.metadata.labels ?? {},
        this.codec.encode(stored),
      ],
    );
    if (res.rowCount === 0)
      throw new Error(`update of missing object ${k.kind} ${k.namespace}/${k.name}`);
    await this.record('MODIFIED', stored);
    return stored;
  }

  /** Removes an object for good; watchers see it once more, with a new resourceVersion. */
  async remove(obj: KubeObject): Promise<KubeObject> {
    const k = keyOf(obj);
    const res = await this.c.query(
      `DELETE FROM "KubeObject" WHERE "clusterId"=$1 AND "orgId"=$2 AND "apiGroup"=$3 AND "kind"=$4 AND "namespace"=$5 AND "name"=$6`,
      [this.scope.clusterId, this.scope.orgId, k.apiGroup, k.kind, k.namespace, k.name],
    );
    const gone: KubeObject = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: this.next() },
    };
    if (res.rowCount) await this.record('DELETED', gone);
    return gone;
  }
}

export interface NewCluster {
  orgId: string;
  ownerId: string;
  name: string;
  attemptId?: string | null;
  profile?: object;
  clockSpeed?: number;
}

export class ObjectStore {
  constructor(
    private readonly db: Database,
    private readonly codec: ObjectCodec = identityCodec,
  ) {}

  /**
   * Runs fn with the cluster's row locked, then commits its writes atomically, or none of them.
   * Fails with ClusterNotFoundError when the cluster does not exist in that organisation.
   */
  async transact<T>(
    scope: ClusterScope,
    fn: (tx: ClusterTransaction) => Promise<T>,
  ): Promise<{ result: T; changes: ChangeRecord[]; resourceVersion: string }> {
    const c = await this.db.pool.connect();
    try {
      await c.query('BEGIN');
      const { rows } = await c.query(
        `SELECT "resourceVersion" FROM "Cluster" WHERE "id"=$1 AND "orgId"=$2 AND "deletedAt" IS NULL FOR UPDATE`,
        [scope.clusterId, scope.orgId],
      );
      if (!rows[0]) throw new ClusterNotFoundError();
      const start = BigInt(rows[0].resourceVersion);
      const tx = new ClusterTransaction(c, scope, start, this.codec);
      const result = await fn(tx);
      if (tx.resourceVersion !== start.toString()) {
        await c.query(`UPDATE "Cluster" SET "resourceVersion"=$3 WHERE "id"=$1 AND "orgId"=$2`, [
          scope.clusterId,
          scope.orgId,
          tx.resourceVersion,
        ]);
      }
      await c.query('COMMIT');
      return { result, changes: tx.changes, resourceVersion: tx.resourceVersion };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /** Creates a cluster row and its initial objects in one transaction. */
  async createCluster(
    spec: NewCluster,
    initialObjects: KubeObject[],
    nowMs = Date.now(),
  ): Promise<{ id: string; changes: ChangeRecord[] }> {
    const id = crypto.randomUUID();
    const c = await this.db.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO "Cluster" ("id","orgId","ownerId","attemptId","name","clockSpeed","clockVirtualMs","clockRealMs","profile")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$7,$8)`,
        [
          id,
          spec.orgId,
          spec.ownerId,
          spec.attemptId ?? null,
          spec.name,
          spec.clockSpeed ?? 1,
          nowMs,
          spec.profile ?? {},
        ],
      );
      const tx = new ClusterTransaction(c, { orgId: spec.orgId, clusterId: id }, 0n, this.codec);
      for (const o of initialObjects) await tx.create(o);
      await c.query(`UPDATE "Cluster" SET "resourceVersion"=$2 WHERE "id"=$1`, [
        id,
        tx.resourceVersion,
      ]);
      await c.query('COMMIT');
      return { id, changes: tx.changes };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /** Every object of one kind in a cluster (or one namespace of it). */
  async list(
    scope: ClusterScope,
    apiGroup: string,
    kind: string,
    namespace?: string,
  ): Promise<KubeObject[]> {
    const params: unknown[] = [scope.clusterId, scope.orgId, apiGroup, kind];
    let sql = `SELECT "object" FROM "KubeObject" WHERE "clusterId"=$1 AND "orgId"=$2 AND "apiGroup"=$3 AND "kind"=$4`;
    if (namespace !== undefined) {
      params.push(namespace);
      sql += ` AND "namespace"=$5`;
    }
    const { rows } = await this.db.pool.query(sql + ' ORDER BY "namespace","name"', params);
    return rows.map((r) => this.codec.decode(r.object));
  }
}
