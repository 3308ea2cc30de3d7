import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import {
  StatusError,
  badRequestError,
  conflictError,
  deepClone,
  formatLabelSelector,
  forbiddenError,
  labelSelectorAsSelector,
  methodNotAllowedError,
  notFoundError,
  openApiDocuments,
  tooManyRequestsError,
  type KubeObject,
} from '@kubelab/apimachinery';
import {
  aggregatedDiscovery,
  AGGREGATED_CONTENT_TYPE,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  objectFilter,
  paginate,
  parseRequestInfo,
  printTable,
  versionInfo,
  wantsAggregated,
  type ClusterState,
  type RequestInfo,
  type ResourceType,
  type Simulation,
} from '@kubelab/cluster-sim';
import {
  ChangeFeed,
  ClusterStore,
  ReconcileQueue,
  type ClusterScope,
  type Logger,
  type Redis,
} from '@kubelab/server';
import type { AppConfig } from '@kubelab/platform';
import { APP_CONFIG, LOGGER, REDIS } from '../common/tokens';
import { SIMULATION } from './kube-tokens';
import {
  readBody,
  renderingOf,
  sendJson,
  sendStatus,
  warningHeaders,
  notFoundPath,
  patchKindOf,
  type Rendering,
} from './kube-http';
import { KubeWatch } from './kube-watch';
import { KubeLogs } from './kube-logs';
import { virtualNow } from '@kubelab/cluster-sim';
import { sandboxQuota } from './sandbox-quota';

// The Kubernetes API of every cluster: discovery, OpenAPI, CRUD with list selectors and
// pagination, patches and server-side apply, subresources, watch, logs. Pure decisions come from
// the simulation library; this is the shell around it: bodies, the store, the change feed.

export interface KubeAccess {
  scope: ClusterScope;
  username: string;
  groups: string[];
  /** Where the API is mounted for this request (https://host:6443, or /k8s/clusters/<id> on the REST port). */
  serverAddress: string;
}

const VIRTUAL_KINDS = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'selfsubjectreviews',
]);

function secureRandom(): number {
  return crypto.randomBytes(4).readUInt32BE(0) / 0x1_0000_0000;
}

@Injectable()
export class KubeApiService {
  private readonly rate: RateLimiterRedis;
  private readonly openapi: ReturnType<typeof openApiDocuments>;
  readonly watch: KubeWatch;
  readonly logs: KubeLogs;
  readonly bodyLimit: number;

  constructor(
    @Inject(SIMULATION) readonly sim: Simulation,
    readonly store: ClusterStore,
    readonly feed: ChangeFeed,
    private readonly queue: ReconcileQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(REDIS) redis: Redis,
  ) {
    this.rate = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:rl:kube`,
      points: config.KUBE_API_REQUESTS_PER_10S,
      duration: 10,
    });
    this.bodyLimit = config.KUBE_API_BODY_LIMIT_BYTES;
    const resources = sim.registry.served().map((t) => ({
      group: t.group,
      version: t.version,
      kind: t.kind,
      plural: t.plural,
      namespaced: t.namespaced,
      verbs: t.verbs,
      subresources: t.subresources?.map((s) => s.name),
    }));
    this.openapi = openApiDocuments(resources, { serverVersion: 'v1.32.4' });
    this.watch = new KubeWatch(this);
    this.logs = new KubeLogs(this);
    // Every write through this API obeys the sandbox's quotas (controllers' writes too).
    this.sim.core.admission.push(sandboxQuota(config));
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    path: string,
    search: string,
  ): Promise<void> {
    try {
      try {
        await this.rate.consume(access.scope.clusterId);
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          const secs = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
          throw tooManyRequestsError(
            `the sandbox's request budget is spent (${this.config.KUBE_API_REQUESTS_PER_10S} requests per 10 s); retry in ${secs} s`,
            secs,
          );
        }
        throw e;
      }
      const query = new URLSearchParams(search);
      const method = req.method ?? 'GET';
      const info = parseRequestInfo(method, path, query);
      if (!info.isResourceRequest) return await this.nonResource(req, res, access, path, info);
      const type = this.sim.registry.resource(info.group, info.version, info.resource);
      if (!type || type.internal) {
        if (VIRTUAL_KINDS.has(info.resource) && method === 'POST')
          return await this.review(req, res, access, info);
        throw notFoundPath();
      }
      if (!type.namespaced && info.namespace) throw notFoundPath();
      if (
        info.subresource &&
        ![
          'status',
          'scale',
          'finalize',
          'log',
          'binding',
          'eviction',
          'exec',
          'attach',
          'portforward',
          'token',
          'proxy',
        ].includes(info.subresource)
      )
        throw notFoundPath();
      if (!type.verbs.includes(info.verb as never) && !info.subresource)
        throw methodNotAllowedError();
      return await this.resource(req, res, access, info, type, query);
    } catch (e) {
      if (!(e instanceof StatusError)) this.log.error({ err: e, path }, 'kube api error');
      sendStatus(res, e);
    }
  }

  // ---------------------------------------------------------------- discovery, openapi, version

  private async nonResource(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    path: string,
    _info: RequestInfo,
  ): Promise<void> {
    const reg = this.sim.registry;
    const accept = String(req.headers.accept ?? '');
    const p = path.replace(/\/+$/, '') || '/';
    if (p === '/version') return sendJson(res, 200, versionInfo('v1.32.4'));
    if (p === '/healthz' || p === '/livez' || p === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end('ok');
    }
    if (p === '/api' || p === '/apis') {
      const agg = wantsAggregated(accept);
      if (agg)
        return sendJson(res, 200, aggregatedDiscovery(reg, p === '/api', agg), {
          'Content-Type': AGGREGATED_CONTENT_TYPE(agg),
        });
      return sendJson(
        res,
        200,
        p === '/api'
          ? apiVersions(access.serverAddress.replace(/^https?:\/\//, '').split('/')[0]!)
          : apiGroupList(reg),
      );
    }
    let m = /^\/api\/(v1)$/.exec(p);
    if (m) return sendJson(res, 200, apiResourceList(reg, '', 'v1'));
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) {
      const list = apiResourceList(reg, m[1]!, m[2]!);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    m = /^\/apis\/([^/]+)$/.exec(p);
    if (m) {
      const g = apiGroup(reg, m[1]!);
      if (!g) throw notFoundPath();
      return sendJson(res, 200, g);
    }
    if (p === '/openapi/v3') return sendJson(res, 200, this.openapi.index());
    if (p.startsWith('/openapi/v3/')) {
      const doc = this.openapi.v3(p.slice('/openapi/v3/'.length));
      if (!doc) throw notFoundPath();
      return sendJson(res, 200, doc, {
        Etag: `"${crypto.createHash('sha1').update(p).digest('hex')}"`,
      });
    }
    if (p === '/openapi/v2') {
      // kubectl ≤1.29 wants the protobuf form; JSON clients get JSON.
      if (/protobuf/.test(accept) && !/json/.test(accept))
        throw new StatusError(
          406,
          'NotAcceptable',
          'only application/json is served for /openapi/v2',
        );
      return sendJson(res, 200, this.openapi.v2());
    }
    throw notFoundPath();
  }

  /** SelfSubjectAccessReview / RulesReview / SelfSubjectReview: the learner owns their cluster. */
  private async review(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
  ): Promise<void> {
    const body = ((await readBody(req, this.bodyLimit)) ?? {}) as any;
    const apiVersion = `${info.group}/${info.version}`;
    if (info.resource === 'selfsubjectaccessreviews') {
      return sendJson(res, 201, {
        ...body,
        apiVersion,
        kind: 'SelfSubjectAccessReview',
        metadata: { ...(body.metadata ?? {}), creationTimestamp: null },
        status: { allowed: true, reason: 'the sandbox owner may do anything in their cluster' },
      });
    }
    if (info.resource === 'selfsubjectrulesreviews') {
      return sendJson(res, 201, {
        ...body,
        apiVersion,
        kind: 'SelfSubjectRulesReview',
        metadata: { creationTimestamp: null },
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      });
    }
    return sendJson(res, 201, {
      apiVersion,
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: access.username, groups: access.groups } },
    });
  }

  // ---------------------------------------------------------------- resources

  private requestOptions(query: URLSearchParams, now: number, defaultManager: string) {
    const fv = query.get('fieldValidation');
    if (fv !== null && fv !== '' && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
      throw badRequestError(
        `fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`,
      );
    }
    const dryRun = query.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All'))
      throw badRequestError(`Invalid dry run value: ${dryRun.join(',')}; supported values: All`);
    const manager = query.get('fieldManager') ?? undefined;
    if (manager && manager.length > 128)
      throw badRequestError('fieldManager: Too long: may not be more than 128 bytes');
    return {
      now,
      random: secureRandom,
      fieldValidation: (fv || 'Warn') as 'Strict' | 'Warn' | 'Ignore',
      dryRun: dryRun.length > 0,
      fieldManager: manager ?? defaultManager,
    };
  }

  /** The manager name for writes without ?fieldManager: the user agent's program name. */
  private managerOf(req: IncomingMessage): string {
    const ua = String(req.headers['user-agent'] ?? '');
    return ua.split('/')[0]!.slice(0, 128) || 'unknown';
  }

  /** Serialises an object as the requested kind (events.k8s.io serves stored core Events). */
  present(type: ResourceType, o: KubeObject): KubeObject {
    if (type.storedAs) return type.storedAs.fromStored(o);
    return o;
  }

  private storedTypeOf(type: ResourceType): { group: string; kind: string } {
    return type.storedAs
      ? { group: type.storedAs.group, kind: type.storedAs.kind }
      : { group: type.group, kind: type.kind };
  }

  listObjects(
    state: ClusterState,
    type: ResourceType,
    namespace: string | undefined,
  ): KubeObject[] {
    const s = this.storedTypeOf(type);
    return state
      .list(s.group, s.kind, type.namespaced ? namespace || undefined : undefined)
      .map((o) => this.present(type, o));
  }

  /** Tells followers of the cluster and its reconcile loop that a write landed. */
  async afterWrite(scope: ClusterScope, changes: number, rv: string): Promise<void> {
    if (!changes) return;
    await this.feed.publish(scope.clusterId, rv);
    await this.queue.poke(scope);
  }

  private render(
    res: ServerResponse,
    code: number,
    type: ResourceType,
    obj: KubeObject,
    rendering: Rendering,
    now: number,
    headers: Record<string, string | string[]> = {},
  ): void {
    if (rendering === 'table') {
      return sendJson(
        res,
        code,
        printTable([obj], {
          group: type.group,
          kind: type.kind,
          now,
          resourceVersion: obj.metadata.resourceVersion,
        }),
        headers,
      );
    }
    sendJson(res, code, obj, headers);
  }

  private async resource(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
    type: ResourceType,
    query: URLSearchParams,
  ): Promise<void> {
    const { scope } = access;
    const ns = type.namespaced ? info.namespace : '';
    const rendering = renderingOf(req);
    const includeObject = (query.get('includeObject') ?? undefined) as
      'None' | 'Metadata' | 'Object' | undefined;
    const sub = info.subresource;

    if (sub === 'log') return this.logs.handle(req, res, access, type, ns, info.name, query);
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward') {
      throw badRequestError(
        sub === 'portforward' ? PORT_FORWARD_UNAVAILABLE : 'Upgrade request required',
      );
    }
    if (sub === 'proxy')
      throw new StatusError(
        503,
        'ServiceUnavailable',
        'the kubelab simulator has no real network to proxy to; use `kubectl exec ... -- wget -qO- http://<service>` inside the cluster',
      );

    switch (info.verb) {
      case 'get': {
        const snap = await this.store.snapshot(scope);
        const now = virtualNow(snap.cluster.clock, Date.now());
        const s = this.storedTypeOf(type);
        const o = snap.state.get(s.group, s.kind, ns, info.name);
        if (!o) throw notFoundError({ group: type.group, resource: type.plural }, info.name);
        if (sub === 'scale') return sendJson(res, 200, this.scaleOf(type, o));
        const obj = this.present(type, o);
        if (rendering.as === 'table')
          return sendJson(
            res,
            200,
            printTable([obj], {
              group: type.group,
              kind: type.kind,
              now,
              includeObject,
              resourceVersion: snap.cluster.resourceVersion,
            }),
          );
        return sendJson(res, 200, obj);
      }
      case 'list': {
        const snap = await this.store.snapshot(scope);
        const now = virtualNow(snap.cluster.clock, Date.now());
        const filter = objectFilter(type, query.get('labelSelector'), query.get('fieldSelector'));
        const all = this.listObjects(snap.state, type, ns).filter((o) => filter.matches(o));
        const limit = query.get('limit') ? Number(query.get('limit')) : undefined;
        const page = paginate(all, limit, query.get('continue'), snap.cluster.resourceVersion);
        if (rendering.as === 'table') {
          return sendJson(
            res,
            200,
            printTable(page.items, {
              group: type.group,
              kind: type.kind,
              now,
              includeObject,
              resourceVersion: snap.cluster.resourceVersion,
              continueToken: page.continue,
            }),
          );
        }
        const metadata: Record<string, unknown> = { resourceVersion: snap.cluster.resourceVersion };
        if (page.continue) {
          metadata.continue = page.continue;
          metadata.remainingItemCount = page.remaining;
        }
        return sendJson(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
          metadata,
          items: page.items,
        });
      }
      case 'watch':
        return this.watch.handle(req, res, access, type, ns, info.name, query, rendering.as);
      case 'create':
        return this.create(req, res, access, info, type, ns, query, rendering.as);
      case 'update':
        return this.update(req, res, access, info, type, ns, query, rendering.as);
      case 'patch':
        return this.patch(req, res, access, info, type, ns, query, rendering.as);
      case 'delete':
        return this.delete(req, res, access, info, type, ns, query);
      case 'deletecollection':
        return this.deleteCollection(req, res, access, type, ns, query);
      default:
        throw methodNotAllowedError();
    }
  }

  private async create(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
    type: ResourceType,
    ns: string,
    query: URLSearchParams,
    rendering: Rendering,
  ) {
    const body = await readBody(req, this.bodyLimit);
    const sub = info.subresource;
    if (sub === 'binding' && type.kind === 'Pod') {
      const target = (body as any)?.target?.name;
      if (!target) throw badRequestError('binding target.name is required');
      const { result, changes, cluster } = await this.store.write(access.scope, (state, c) =>
        this.sim.core.bind(
          state,
          ns,
          info.name,
          target,
          this.requestOptions(query, virtualNow(c.clock, Date.now()), this.managerOf(req)),
        ),
      );
      await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
      void result;
      return sendJson(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      });
    }
    if (sub === 'eviction' && type.kind === 'Pod') {
      const { changes, cluster } = await this.store.write(access.scope, (state, c) =>
        this.sim.core.delete(
          state,
          type,
          ns,
          info.name,
          { gracePeriodSeconds: (body as any)?.deleteOptions?.gracePeriodSeconds },
          this.requestOptions(query, virtualNow(c.clock, Date.now()), 'eviction'),
        ),
      );
      await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
      return sendJson(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      });
    }
    if (sub === 'token' && type.kind === 'ServiceAccount') {
      const snap = await this.store.snapshot(access.scope);
      if (!snap.state.get('', 'ServiceAccount', ns, info.name))
        throw notFoundError({ group: '', resource: 'serviceaccounts' }, info.name);
      const now = virtualNow(snap.cluster.clock, Date.now());
      const seconds = (body as any)?.spec?.expirationSeconds ?? 3600;
      const claims = {
        iss: 'https://kubernetes.default.svc.cluster.local',
        sub: `system:serviceaccount:${ns}:${info.name}`,
        aud: (body as any)?.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local'],
        exp: Math.floor(now / 1000) + seconds,
        iat: Math.floor(now / 1000),
      };
      const token = `${Buffer.from('{"alg":"RS256","kid":"kubelab"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${crypto.randomBytes(32).toString('base64url')}`;
      return sendJson(res, 201, {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: info.name, namespace: ns, creationTimestamp: null },
        spec: { audiences: claims.aud, expirationSeconds: seconds, boundObjectRef: null },
        status: {
          token,
          expirationTimestamp: new Date(now + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      });
    }
    if (sub) throw methodNotAllowedError();
    if (info.name) throw methodNotAllowedError();
    const stored = type.storedAs ? type.storedAs.toStored(body) : body;
    const storedType = type.storedAs
      ? this.sim.registry.forKind(type.storedAs.group, type.storedAs.kind)!
      : type;
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) =>
      this.sim.core.create(
        state,
        storedType,
        ns || undefined,
        stored,
        this.requestOptions(query, virtualNow(c.clock, Date.now()), this.managerOf(req)),
      ),
    );
    if (!result.changed && !query.getAll('dryRun').length) void 0;
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    this.render(
      res,
      201,
      type,
      this.present(type, result.object),
      rendering,
      virtualNow(cluster.clock, Date.now()),
      warningHeaders(result.warnings),
    );
  }

  private scaleOf(type: ResourceType, o: any) {
    let selector = '';
    try {
      selector = formatLabelSelector(o.spec?.selector);
      void labelSelectorAsSelector;
    } catch {}
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        uid: o.metadata.uid,
        resourceVersion: o.metadata.resourceVersion,
        creationTimestamp: o.metadata.creationTimestamp,
      },
      spec: { replicas: o.spec?.replicas ?? 0 },
      status: {
        replicas: o.status?.replicas ?? 0,
        selector: selector === '<none>' ? '' : selector,
      },
    };
  }

  private async writeScale(
    access: KubeAccess,
    type: ResourceType,
    ns: string,
    name: string,
    req: IncomingMessage,
    query: URLSearchParams,
    mutateScale: (scale: any) => any,
  ) {
    if (!type.subresources?.some((s) => s.name === 'scale')) throw notFoundPath();
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) => {
      const now = virtualNow(c.clock, Date.now());
      const current = this.sim.core.getOrThrow(state, type, ns, name);
      const scale = mutateScale(this.scaleOf(type, current));
      if (
        scale?.metadata?.resourceVersion &&
        scale.metadata.resourceVersion !== current.metadata.resourceVersion
      ) {
        throw conflictError({ group: type.group, resource: type.plural }, name);
      }
      const replicas = scale?.spec?.replicas;
      if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
        throw new StatusError(
          422,
          'Invalid',
          `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
          {
            name,
            group: 'autoscaling',
            kind: 'Scale',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
                field: 'spec.replicas',
              },
            ],
          },
        );
      }
      const updated = deepClone(current) as any;
      updated.spec.replicas = replicas;
      const r = this.sim.core.commitUpdate(
        state,
        type,
        current,
        updated,
        this.requestOptions(query, now, this.managerOf(req)),
      );
      return this.scaleOf(type, r.object);
    });
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    return result;
  }

  private async update(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
    type: ResourceType,
    ns: string,
    query: URLSearchParams,
    rendering: Rendering,
  ) {
    const body = await readBody(req, this.bodyLimit);
    const sub = info.subresource;
    if (sub === 'scale')
      return sendJson(
        res,
        200,
        await this.writeScale(access, type, ns, info.name, req, query, () => body),
      );
    if (sub && sub !== 'status' && sub !== 'finalize') throw methodNotAllowedError();
    const storedType = type.storedAs
      ? this.sim.registry.forKind(type.storedAs.group, type.storedAs.kind)!
      : type;
    const stored = type.storedAs ? type.storedAs.toStored(body) : body;
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) => {
      const opts = this.requestOptions(query, virtualNow(c.clock, Date.now()), this.managerOf(req));
      if (sub === 'finalize') {
        const old = this.sim.core.getOrThrow(state, type, ns, info.name);
        const next = deepClone(old) as any;
        next.spec = { ...(next.spec ?? {}), finalizers: (stored as any)?.spec?.finalizers ?? [] };
        return this.sim.core.commitUpdate(state, type, old, next, opts);
      }
      return this.sim.core.update(state, storedType, ns, info.name, stored, {
        ...opts,
        subresource: sub === 'status' ? 'status' : undefined,
      });
    });
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    this.render(
      res,
      200,
      type,
      this.present(type, result.object),
      rendering,
      virtualNow(cluster.clock, Date.now()),
      warningHeaders(result.warnings),
    );
  }

  private async patch(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
    type: ResourceType,
    ns: string,
    query: URLSearchParams,
    rendering: Rendering,
  ) {
    const kind = patchKindOf(req);
    const body = await readBody(req, this.bodyLimit, { yaml: kind === 'apply' });
    const sub = info.subresource;
    if (sub === 'scale') {
      const result = await this.writeScale(access, type, ns, info.name, req, query, (scale) => {
        const fake = { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale };
        const scaleType = {
          ...type,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          internal: true,
        };
        return kind === 'json'
          ? this.sim.core.machinery.jsonPatch(scaleType, fake, body)
          : this.sim.core.machinery.mergePatch(scaleType, fake, body);
      });
      return sendJson(res, 200, result);
    }
    if (sub && sub !== 'status') throw methodNotAllowedError();
    if (type.storedAs)
      throw new StatusError(
        405,
        'MethodNotAllowed',
        'patching events.k8s.io/v1 Events is not supported here; patch the core/v1 Event',
      );
    const force = query.get('force') === 'true';
    if (force && kind !== 'apply') throw badRequestError('force is only allowed for apply patches');
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) => {
      const opts = this.requestOptions(query, virtualNow(c.clock, Date.now()), this.managerOf(req));
      if (kind === 'apply' && !query.get('fieldManager'))
        throw badRequestError(
          'PATCH requests with apply content type must specify a field manager',
        );
      return this.sim.core.patch(state, type, ns, info.name, kind, body, {
        ...opts,
        force,
        subresource: sub === 'status' ? 'status' : undefined,
      });
    });
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    this.render(
      res,
      result.created ? 201 : 200,
      type,
      this.present(type, result.object),
      rendering,
      virtualNow(cluster.clock, Date.now()),
      warningHeaders(result.warnings),
    );
  }

  private deleteOptionsOf(body: any, query: URLSearchParams) {
    const grace = query.get('gracePeriodSeconds') ?? body?.gracePeriodSeconds;
    const policy = query.get('propagationPolicy') ?? body?.propagationPolicy;
    if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy))
      throw badRequestError(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    const orphan = query.get('orphanDependents') ?? body?.orphanDependents;
    return {
      gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
      propagationPolicy: policy,
      orphanDependents: orphan === true || orphan === 'true',
      preconditions: body?.preconditions,
    };
  }

  private async delete(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    info: RequestInfo,
    type: ResourceType,
    ns: string,
    query: URLSearchParams,
  ) {
    if (info.subresource) throw methodNotAllowedError();
    const body = (await readBody(req, this.bodyLimit).catch(() => undefined)) as any;
    const dryRun = query.getAll('dryRun').length
      ? query
      : body?.dryRun?.length
        ? new URLSearchParams({ dryRun: 'All' })
        : query;
    const storedType = type.storedAs
      ? this.sim.registry.forKind(type.storedAs.group, type.storedAs.kind)!
      : type;
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) =>
      this.sim.core.delete(
        state,
        storedType,
        ns,
        info.name,
        this.deleteOptionsOf(body, query),
        this.requestOptions(dryRun, virtualNow(c.clock, Date.now()), this.managerOf(req)),
      ),
    );
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    if (!result.removed) return sendJson(res, 200, this.present(type, result.object));
    sendJson(res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: info.name,
        group: type.group,
        kind: type.plural,
        uid: result.object.metadata.uid,
      },
    });
  }

  private async deleteCollection(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    type: ResourceType,
    ns: string,
    query: URLSearchParams,
  ) {
    const body = (await readBody(req, this.bodyLimit).catch(() => undefined)) as any;
    const filter = objectFilter(type, query.get('labelSelector'), query.get('fieldSelector'));
    const storedType = type.storedAs
      ? this.sim.registry.forKind(type.storedAs.group, type.storedAs.kind)!
      : type;
    const { result, changes, cluster } = await this.store.write(access.scope, (state, c) => {
      const opts = this.requestOptions(query, virtualNow(c.clock, Date.now()), this.managerOf(req));
      const targets = this.listObjects(state, type, ns).filter((o) => filter.matches(o));
      return targets.map(
        (o) =>
          this.sim.core.delete(
            state,
            storedType,
            o.metadata.namespace ?? '',
            o.metadata.name,
            this.deleteOptionsOf(body, query),
            opts,
          ).object,
      );
    });
    await this.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    sendJson(res, 200, {
      kind: `${type.kind}List`,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      metadata: { resourceVersion: cluster.resourceVersion },
      items: result.map((o) => this.present(type, o)),
    });
  }

  /** For the sandbox's quota errors and the web lab: the forbidden answer for a kind. */
  forbidden(type: ResourceType, name: string, why: string): StatusError {
    return forbiddenError({ group: type.group, resource: type.plural }, name, why);
  }
}

export const PORT_FORWARD_UNAVAILABLE =
  'port-forward is not available in the kubelab simulator: there is no real process listening in the pod. Reach the pod from inside the cluster instead, e.g. `kubectl exec <pod> -- wget -qO- http://<service>:<port>`, or open the service from the lab.';
