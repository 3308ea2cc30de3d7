import crypto from 'node:crypto';
import type { PoolClient } from 'pg';
import { keyOf, splitApiVersion, type KubeObject } from '@kubelab/apimachinery';
import {
  ClusterState,
  resolveProfile,
  virtualNow,
  type Change,
  type ClockState,
  type ClusterProfile,
} from '@kubelab/cluster-sim';
import type { Database } from '../db/prisma';
import { ClusterNotFoundError, type ClusterScope } from './cluster-scope';
import { identityCodec, type ObjectCodec } from './object-codec';

// Every cluster's objects on Postgres, through ClusterState. Reads come from a per-process
// snapshot cache, brought up to date from the change log; writes lock the cluster's row, work on
// a fork of the fresh snapshot, and commit its changes — objects, events and change-log rows with
// consecutive resourceVersions — in one transaction. Any process may die at any moment: nothing
// lives only in memory.

const COMPACT_EVERY = 256n;
const CHANGE_LOG_KEEP = 2000n;
const CHANGE_LOG_KEEP_MS = 5 * 60_000;

export interface ClusterRow {
  id: string;
  orgId: string;
  ownerId: string;
  name: string;
  resourceVersion: string;
  clock: ClockState;
  profile: ClusterProfile;
}

export interface Snapshot {
  cluster: ClusterRow;
  /** Read-only: fork() it to write. */
  state: ClusterState;
}

export interface StoredChange extends Change {
  resourceVersion: string;
}

const isEvent = (o: KubeObject) => o.kind === 'Event' && splitApiVersion(o.apiVersion).group === '';

function rowToCluster(r: any): ClusterRow {
  return {
    id: r.id,
    orgId: r.orgId,
    ownerId: r.ownerId,
    name: r.name,
    resourceVersion: String(r.resourceVersion),
    clock: {
      speed: Number(r.clockSpeed),
      virtualMs: Number(r.clockVirtualMs),
      realMs: Number(r.clockRealMs),
    },
    profile: resolveProfile(r.profile),
  };
}

const CLUSTER_COLUMNS = `"id","orgId","ownerId","name","resourceVersion","clockSpeed","clockVirtualMs","clockRealMs","profile"`;

interface CacheEntry {
  state: ClusterState;
  rv: string;
  used: number;
}

export class ClusterStore {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    readonly db: Database,
    readonly codec: ObjectCodec = identityCodec,
    private readonly maxCached = 300,
    /** Shared by the platform: the CA published in kube-root-ca.crt. */
    private readonly caCertificate?: string,
  ) {}

  /** The cluster's row (clock, profile, resourceVersion), or ClusterNotFoundError. */
  async cluster(scope: ClusterScope, client?: PoolClient, lock = false): Promise<ClusterRow> {
    const q = client ?? this.db.pool;
    const { rows } = await q.query(
      `SELECT ${CLUSTER_COLUMNS} FROM "Cluster" WHERE "id"=$1 AND "orgId"=$2 AND "deletedAt" IS NULL${lock ? ' FOR UPDATE' : ''}`,
      [scope.clusterId, scope.orgId],
    );
    if (!rows[0]) throw new ClusterNotFoundError();
    const c = rowToCluster(rows[0]);
    if (this.caCertificate) c.profile.caCertificate = this.caCertificate;
    return c;
  }

  private async loadFull(
    scope: ClusterScope,
    rv: string,
    client?: PoolClient,
  ): Promise<ClusterState> {
    const q = client ?? this.db.pool;
    const [objects, events] = await Promise.all([
      q.query(`SELECT "object" FROM "KubeObject" WHERE "clusterId"=$1 AND "orgId"=$2`, [
        scope.clusterId,
        scope.orgId,
      ]),
      q.query(`SELECT "object" FROM "KubeEvent" WHERE "clusterId"=$1 AND "orgId"=$2`, [
        scope.clusterId,
        scope.orgId,
      ]),
    ]);
    const all = [...objects.rows, ...events.rows].map((r) => this.codec.decode(r.object));
    return new ClusterState(all, rv);
  }

  /** Changes after `afterRv` up to `uptoRv` (inclusive), in order; null when history was compacted. */
  async changesBetween(
    scope: ClusterScope,
    afterRv: string,
    uptoRv?: string,
    client?: PoolClient,
  ): Promise<StoredChange[] | null> {
    const q = client ?? this.db.pool;
    const params: unknown[] = [scope.clusterId, scope.orgId, afterRv];
    let sql = `SELECT "resourceVersion","type","object" FROM "ClusterChange" WHERE "clusterId"=$1 AND "orgId"=$2 AND "resourceVersion" > $3`;
    if (uptoRv !== undefined) {
      params.push(uptoRv);
      sql += ` AND "resourceVersion" <= $4`;
    }
    const { rows } = await q.query(sql + ' ORDER BY "resourceVersion" LIMIT 20000', params);
    if (!rows.length) return uptoRv !== undefined && BigInt(uptoRv) > BigInt(afterRv) ? null : [];
    // A gap right after afterRv means the history was compacted away.
    if (BigInt(rows[0].resourceVersion) !== BigInt(afterRv) + 1n) return null;
    return rows.map((r) => ({
      resourceVersion: String(r.resourceVersion),
      type: r.type,
      object: this.codec.decode(r.object),
    }));
  }

  /** The oldest resourceVersion still in the change log (for 410 Gone), or null. */
  async oldestChange(scope: ClusterScope): Promise<string | null> {
    const { rows } = await this.db.pool.query(
      `SELECT MIN("resourceVersion") AS rv FROM "ClusterChange" WHERE "clusterId"=$1 AND "orgId"=$2`,
      [scope.clusterId, scope.orgId],
    );
    return rows[0]?.rv === null || rows[0]?.rv === undefined ? null : String(rows[0].rv);
  }

  private cached(clusterId: string): CacheEntry | undefined {
    const e = this.cache.get(clusterId);
    if (e) e.used = Date.now();
    return e;
  }

  private remember(clusterId: string, state: ClusterState): void {
    this.cache.set(clusterId, { state, rv: state.resourceVersion, used: Date.now() });
    if (this.cache.size > this.maxCached) {
      const oldest = [...this.cache].sort((a, b) => a[1].used - b[1].used)[0];
      if (oldest) this.cache.delete(oldest[0]);
    }
  }

  forget(clusterId: string): void {
    this.cache.delete(clusterId);
  }

  /** A state at exactly `rv`: the cached one, caught up through the change log, or loaded whole. */
  private async stateAt(
    scope: ClusterScope,
    rv: string,
    client?: PoolClient,
  ): Promise<ClusterState> {
    const hit = this.cached(scope.clusterId);
    if (hit && hit.rv === rv) return hit.state;
    if (hit && BigInt(hit.rv) < BigInt(rv)) {
      const changes = await this.changesBetween(scope, hit.rv, rv, client);
      if (changes && changes.length && changes[changes.length - 1]!.resourceVersion === rv) {
        const next = hit.state.fork();
        next.applyExternal(changes);
        this.remember(scope.clusterId, next);
        return next;
      }
    }
    const full = await this.loadFull(scope, rv, client);
    this.remember(scope.clusterId, full);
    return full;
  }

  /** A consistent, read-only view of the cluster now. */
  async snapshot(scope: ClusterScope): Promise<Snapshot> {
    const cluster = await this.cluster(scope);
    return { cluster, state: await this.stateAt(scope, cluster.resourceVersion) };
  }

  /**
   * Runs `fn` with the cluster locked, on a fork of its current state, and commits what it
   * wrote in the same transaction. fn may also change the clock (return it in `clock`).
   */
  async write<T>(
    scope: ClusterScope,
    fn: (state: ClusterState, cluster: ClusterRow) => T | Promise<T>,
    opts: { clock?: (c: ClusterRow) => ClockState | undefined } = {},
  ): Promise<{ result: T; changes: StoredChange[]; cluster: ClusterRow }> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN');
      const cluster = await this.cluster(scope, client, true);
      const base = await this.stateAt(scope, cluster.resourceVersion, client);
      const state = base.fork();
      const result = await fn(state, cluster);
      const changes = state
        .takeChanges()
        .map((c) => ({ ...c, resourceVersion: c.object.metadata.resourceVersion! }));
      const clock = opts.clock?.(cluster);
      if (changes.length) await this.persist(client, scope, changes);
      if (changes.length || clock) {
        const c = clock ?? cluster.clock;
        await client.query(
          `UPDATE "Cluster" SET "resourceVersion"=$3, "clockSpeed"=$4, "clockVirtualMs"=$5, "clockRealMs"=$6 WHERE "id"=$1 AND "orgId"=$2`,
          [
            scope.clusterId,
            scope.orgId,
            state.resourceVersion,
            c.speed,
            Math.round(c.virtualMs),
            Math.round(c.realMs),
          ],
        );
      }
      await client.query('COMMIT');
      if (changes.length) this.remember(scope.clusterId, state);
      return {
        result,
        changes,
        cluster: {
          ...cluster,
          resourceVersion: state.resourceVersion,
          clock: clock ?? cluster.clock,
        },
      };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      this.forget(scope.clusterId);
      throw e;
    } finally {
      client.release();
    }
  }

  /** Objects and events as their final state in this batch; every change into the log. */
  private async persist(
    client: PoolClient,
    scope: ClusterScope,
    changes: StoredChange[],
  ): Promise<void> {
    const last = new Map<string, StoredChange>();
    for (const c of changes) {
      const k = keyOf(c.object);
      last.set(
        `${isEvent(c.object) ? 'E' : 'O'}\u0000${k.group}\u0000${k.kind}\u0000${k.namespace}\u0000${k.name}`,
        c,
      );
    }
    const upsertObjects: StoredChange[] = [];
    const upsertEvents: StoredChange[] = [];
    const deleteObjects: StoredChange[] = [];
    const deleteEvents: StoredChange[] = [];
    for (const c of last.values()) {
      const ev = isEvent(c.object);
      if (c.type === 'DELETED') (ev ? deleteEvents : deleteObjects).push(c);
      else (ev ? upsertEvents : upsertObjects).push(c);
    }
    const { clusterId, orgId } = scope;
    for (const chunk of chunks(deleteObjects, 500)) {
      const keys = chunk.map((c) => keyOf(c.object));
      await client.query(
        `DELETE FROM "KubeObject" o USING unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS d(g, k, ns, n)
         WHERE o."clusterId"=$1 AND o."orgId"=$2 AND o."apiGroup"=d.g AND o."kind"=d.k AND o."namespace"=d.ns AND o."name"=d.n`,
        [
          clusterId,
          orgId,
          keys.map((k) => k.group),
          keys.map((k) => k.kind),
          keys.map((k) => k.namespace),
          keys.map((k) => k.name),
        ],
      );
    }
    for (const chunk of chunks(deleteEvents, 500)) {
      await client.query(
        `DELETE FROM "KubeEvent" e USING unnest($3::text[], $4::text[]) AS d(ns, n) WHERE e."clusterId"=$1 AND e."orgId"=$2 AND e."namespace"=d.ns AND e."name"=d.n`,
        [
          clusterId,
          orgId,
          chunk.map((c) => c.object.metadata.namespace ?? ''),
          chunk.map((c) => c.object.metadata.name),
        ],
      );
    }
    for (const chunk of chunks(upsertObjects, 300)) {
      const rows = chunk.map((c) => {
        const k = keyOf(c.object);
        const o = c.object;
        return [
          k.group,
          k.kind,
          k.namespace,
          k.name,
          o.metadata.uid ?? crypto.randomUUID(),
          c.resourceVersion,
          o.metadata.generation ?? 1,
          JSON.stringify(o.metadata.labels ?? {}),
          JSON.stringify(this.codec.encode(o)),
        ];
      });
      await client.query(
        `INSERT INTO "KubeObject" ("clusterId","orgId","apiGroup","kind","namespace","name","uid","resourceVersion","generation","labels","object","updatedAt")
         SELECT $1, $2, g, k, ns, n, u::uuid, rv::bigint, gen::bigint, l::jsonb, o::jsonb, now()
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS t(g, k, ns, n, u, rv, gen, l, o)
         ON CONFLICT ("clusterId","apiGroup","kind","namespace","name") DO UPDATE SET
           "uid"=EXCLUDED."uid", "resourceVersion"=EXCLUDED."resourceVersion", "generation"=EXCLUDED."generation",
           "labels"=EXCLUDED."labels", "object"=EXCLUDED."object", "updatedAt"=now()`,
        [clusterId, orgId, ...columns(rows, 9)],
      );
    }
    for (const chunk of chunks(upsertEvents, 300)) {
      const rows = chunk.map((c) => {
        const e = c.object as any;
        const io = e.involvedObject ?? {};
        const last =
          e.lastTimestamp ??
          e.series?.lastObservedTime ??
          e.eventTime ??
          e.metadata.creationTimestamp;
        return [
          e.metadata.namespace ?? '',
          e.metadata.name,
          e.metadata.uid ?? crypto.randomUUID(),
          c.resourceVersion,
          io.kind ?? '',
          io.namespace ?? '',
          io.name ?? '',
          io.uid ?? '',
          e.type ?? '',
          e.reason ?? '',
          JSON.stringify(e),
          new Date(last ?? Date.now()).toISOString(),
        ];
      });
      await client.query(
        `INSERT INTO "KubeEvent" ("clusterId","orgId","namespace","name","uid","resourceVersion","involvedKind","involvedNamespace","involvedName","involvedUid","type","reason","object","lastTimestamp")
         SELECT $1, $2, ns, n, u::uuid, rv::bigint, ik, ins, iname, iuid, ty, re, o::jsonb, lt::timestamptz
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]) AS t(ns, n, u, rv, ik, ins, iname, iuid, ty, re, o, lt)
         ON CONFLICT ("clusterId","namespace","name") DO UPDATE SET
           "uid"=EXCLUDED."uid", "resourceVersion"=EXCLUDED."resourceVersion", "type"=EXCLUDED."type", "reason"=EXCLUDED."reason",
           "object"=EXCLUDED."object", "lastTimestamp"=EXCLUDED."lastTimestamp"`,
        [clusterId, orgId, ...columns(rows, 12)],
      );
    }
    for (const chunk of chunks(changes, 400)) {
      const rows = chunk.map((c) => {
        const k = keyOf(c.object);
        return [
          c.resourceVersion,
          c.type,
          k.group,
          k.kind,
          k.namespace,
          k.name,
          JSON.stringify(this.codec.encode(c.object)),
        ];
      });
      await client.query(
        `INSERT INTO "ClusterChange" ("clusterId","resourceVersion","orgId","type","apiGroup","kind","namespace","name","object")
         SELECT $1, rv::bigint, $2, ty, g, k, ns, n, o::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t(rv, ty, g, k, ns, n, o)`,
        [clusterId, orgId, ...columns(rows, 7)],
      );
    }
    await this.compact(client, scope, changes);
  }

  /**
   * Keeps the change log short, as etcd's compaction does: now and then (when a write crosses a
   * multiple of COMPACT_EVERY), entries older than both the last CHANGE_LOG_KEEP
   * resourceVersions and CHANGE_LOG_KEEP_MS go. Watches from before that get 410 Gone and
   * relist. Done in the write itself, so an idle cluster costs nothing.
   */
  private async compact(client: PoolClient, scope: ClusterScope, changes: StoredChange[]) {
    if (!changes.length) return;
    const first = BigInt(changes[0]!.resourceVersion);
    const last = BigInt(changes[changes.length - 1]!.resourceVersion);
    if (first / COMPACT_EVERY === last / COMPACT_EVERY && first % COMPACT_EVERY !== 0n) return;
    await client.query(
      `DELETE FROM "ClusterChange" WHERE "clusterId"=$1 AND "orgId"=$2 AND "resourceVersion" < $3 AND "createdAt" < now() - ($4::int * interval '1 millisecond')`,
      [scope.clusterId, scope.orgId, String(last - CHANGE_LOG_KEEP), CHANGE_LOG_KEEP_MS],
    );
  }

  /**
   * Creates a cluster row and its first objects (what `build` writes into the empty state) in
   * one transaction.
   */
  async create(
    spec: {
      orgId: string;
      ownerId: string;
      name: string;
      attemptId?: string | null;
      profile?: object;
      clockSpeed?: number;
    },
    build: (state: ClusterState, cluster: ClusterRow) => void,
  ): Promise<{ cluster: ClusterRow; changes: StoredChange[] }> {
    const id = crypto.randomUUID();
    const nowMs = Date.now();
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
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
          JSON.stringify(spec.profile ?? {}),
        ],
      );
      const scope = { orgId: spec.orgId, clusterId: id };
      const cluster = await this.cluster(scope, client, true);
      const state = new ClusterState([], 0);
      build(state, cluster);
      const changes = state
        .takeChanges()
        .map((c) => ({ ...c, resourceVersion: c.object.metadata.resourceVersion! }));
      await this.persist(client, scope, changes);
      await client.query(`UPDATE "Cluster" SET "resourceVersion"=$2 WHERE "id"=$1`, [
        id,
        state.resourceVersion,
      ]);
      await client.query('COMMIT');
      this.remember(id, state);
      return { cluster: { ...cluster, resourceVersion: state.resourceVersion }, changes };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Virtual now of a cluster row at this real instant. */
  static now(c: ClusterRow, realNow = Date.now()): number {
    return virtualNow(c.clock, realNow);
  }
}

function chunks<T>(a: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
  return out;
}

/** Row-major values to one text array per column (for unnest). */
function columns(rows: unknown[][], n: number): string[][] {
  const cols: string[][] = Array.from({ length: n }, () => []);
  for (const r of rows)
    for (let i = 0; i < n; i++)
      cols[i]!.push(
        r[i] === null || r[i] === undefined ? (null as unknown as string) : String(r[i]),
      );
  return cols;
}
