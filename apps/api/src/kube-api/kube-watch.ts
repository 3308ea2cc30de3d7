import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceVersionTooOldError, type KubeObject } from '@kubelab/apimachinery';
import { objectFilter, printTable, virtualNow, type ResourceType } from '@kubelab/cluster-sim';
import type { StoredChange } from '@kubelab/server';
import type { KubeAccess, KubeApiService } from './kube-api.service';
import type { Rendering } from './kube-http';

// Watches: newline-delimited WatchEvents over a long chunked response. From resourceVersion 0
// (or none) every current object comes first as ADDED; from a given resourceVersion, the change
// log is replayed from there, or the watch ends with a 410 Expired ERROR when it no longer
// reaches back that far. Objects entering or leaving a selector are ADDED / DELETED, as the real
// watch cache reports them.

const BOOKMARK_EVERY_MS = 30_000;

export class KubeWatch {
  constructor(private readonly api: KubeApiService) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    type: ResourceType,
    ns: string,
    name: string,
    query: URLSearchParams,
    rendering: Rendering,
  ): Promise<void> {
    const filter = objectFilter(type, query.get('labelSelector'), query.get('fieldSelector'));
    const stored = type.storedAs
      ? { group: type.storedAs.group, kind: type.storedAs.kind }
      : { group: type.group, kind: type.kind };
    const nameFilter = name;
    const matches = (o: KubeObject) =>
      (!nameFilter || o.metadata.name === nameFilter) &&
      (!ns || (o.metadata.namespace ?? '') === ns) &&
      filter.matches(o);
    const snap = await this.api.store.snapshot(access.scope);
    let requested = query.get('resourceVersion') ?? '';
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    const timeout = Number(query.get('timeoutSeconds') ?? 0);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders?.();
    const present = (o: KubeObject) => this.api.present(type, o);
    const clock = snap.cluster.clock;
    let sentColumns = false;
    const write = (evType: string, o: KubeObject) => {
      let object: unknown = present(o);
      if (rendering === 'table') {
        const table = printTable([object as KubeObject], {
          group: type.group,
          kind: type.kind,
          now: virtualNow(clock, Date.now()),
          resourceVersion: o.metadata.resourceVersion,
        });
        if (sentColumns) (table as { columnDefinitions?: unknown }).columnDefinitions = [];
        sentColumns = true;
        object = table;
      }
      res.write(`${JSON.stringify({ type: evType, object })}\n`);
    };
    const visible = new Set<string>();
    const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    let from = snap.cluster.resourceVersion;
    if (!requested || requested === '0') {
      for (const o of this.api.listObjects(snap.state, type, ns)) {
        const raw = type.storedAs ? type.storedAs.toStored(o) : o;
        if (!matches(raw as KubeObject)) continue;
        visible.add(key(raw as KubeObject));
        write('ADDED', raw as KubeObject);
      }
    } else {
      if (BigInt(requested) > BigInt(snap.cluster.resourceVersion))
        requested = snap.cluster.resourceVersion;
      from = requested;
      // Objects already there at that resourceVersion count as seen, for selector transitions.
      for (const o of snap.state.list(stored.group, stored.kind, ns || undefined))
        if (matches(o)) visible.add(key(o));
    }
    let lastRv = from;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      follower.close();
      clearInterval(bm);
      if (timer) clearTimeout(timer);
      res.end();
    };
    const follower = this.api.feed.follow(
      access.scope,
      from,
      (changes: StoredChange[]) => {
        for (const c of changes) {
          lastRv = c.resourceVersion;
          const o = c.object;
          if (
            o.kind !== stored.kind ||
            (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '') !== stored.group
          )
            continue;
          if (ns && (o.metadata.namespace ?? '') !== ns) continue;
          const k = key(o);
          const now = c.type !== 'DELETED' && matches(o);
          if (c.type === 'DELETED') {
            if (visible.delete(k) || matches(o)) write('DELETED', o);
          } else if (now) {
            write(visible.has(k) ? 'MODIFIED' : 'ADDED', o);
            visible.add(k);
          } else if (visible.delete(k)) {
            write('DELETED', o);
          }
        }
      },
      () => {
        const err = resourceVersionTooOldError(from, 'compacted');
        res.write(`${JSON.stringify({ type: 'ERROR', object: err.toStatus() })}\n`);
        end();
      },
    );
    const bm = setInterval(() => {
      if (!bookmarks) return;
      res.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: lastRv } } })}\n`,
      );
    }, BOOKMARK_EVERY_MS);
    const timer = timeout > 0 ? setTimeout(end, timeout * 1000) : undefined;
    // The client going away is seen on the response (the request closes once read).
    res.on('close', end);
    req.on('aborted', end);
  }
}
