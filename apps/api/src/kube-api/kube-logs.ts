import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequestError, notFoundError } from '@kubelab/apimachinery';
import {
  formatLogLine,
  podLogLines,
  virtualNow,
  type PodRecord,
  type ResourceType,
} from '@kubelab/cluster-sim';
import type { KubeAccess, KubeApiService } from './kube-api.service';

// GET pods/{name}/log: plain text; with follow=true the response stays open and new lines are
// written as the simulated container prints them, until the container stops or the pod goes.

export class KubeLogs {
  constructor(private readonly api: KubeApiService) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    access: KubeAccess,
    type: ResourceType,
    ns: string,
    name: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (type.kind !== 'Pod')
      throw notFoundError({ group: type.group, resource: `${type.plural}/log` }, name);
    const num = (k: string) => {
      const v = query.get(k);
      if (v === null) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n))
        throw badRequestError(`${k}: Invalid value: "${v}": must be an integer`);
      return n;
    };
    const opts = {
      container: query.get('container') ?? undefined,
      previous: query.get('previous') === 'true',
      tailLines: num('tailLines'),
      sinceSeconds: num('sinceSeconds'),
      sinceTime: query.get('sinceTime') ?? undefined,
      timestamps: query.get('timestamps') === 'true',
      limitBytes: num('limitBytes'),
    };
    const follow = query.get('follow') === 'true';
    const snap = await this.api.store.snapshot(access.scope);
    const pod: any = snap.state.get('', 'Pod', ns, name);
    if (!pod) throw notFoundError({ group: '', resource: 'pods' }, name);
    const rt = snap.state.get('sim.kubelab.io', 'PodRuntime', ns, name) as
      { record: PodRecord } | undefined;
    const now = virtualNow(snap.cluster.clock, Date.now());
    const first = podLogLines(pod, rt?.record, opts, now);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Cache-Control': 'no-cache, private',
      ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}),
    });
    let bytes = 0;
    const write = (text: string): boolean => {
      if (opts.limitBytes !== undefined && bytes + text.length > opts.limitBytes) {
        res.write(text.slice(0, Math.max(0, opts.limitBytes - bytes)));
        return false;
      }
      bytes += text.length;
      res.write(text);
      return true;
    };
    for (const l of first.lines)
      if (!write(`${formatLogLine(l, opts.timestamps)}\n`)) return void res.end();
    if (!follow || !first.running) return void res.end();
    // Follow: read the kubelet's record again whenever the cluster changes.
    let seen = first.lines.length ? first.lines[first.lines.length - 1]!.t : -1;
    let sentAtSeen = first.lines.filter((l) => l.t === seen).length;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      follower.close();
      res.end();
    };
    const follower = this.api.feed.follow(
      access.scope,
      snap.cluster.resourceVersion,
      (changes) => {
        for (const c of changes) {
          const o: any = c.object;
          if (o.metadata.namespace !== ns || o.metadata.name !== name) continue;
          if (o.kind === 'Pod' && c.type === 'DELETED') return close();
          if (o.kind !== 'PodRuntime' || o.record?.podUid !== pod.metadata.uid) continue;
          const cont = (o.record as PodRecord).containers.find((x) => x.name === first.container);
          if (!cont) continue;
          const fresh = cont.logs.filter((l) => l.t > seen || (l.t === seen && sentAtSeen-- <= 0));
          for (const l of fresh) {
            if (!write(`${formatLogLine(l, opts.timestamps)}\n`)) return close();
            seen = l.t;
          }
          sentAtSeen = cont.logs.filter((l) => l.t === seen).length;
          if (cont.finishedAt !== undefined && cont.backoffUntil === undefined) return close();
        }
      },
      close,
    );
    res.on('close', close);
  }
}
