import { controllerRef, labelSelectorAsSelector, type KubeObject } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import { safeEncodeString } from '../../util/names';
import { isStatusError, type ControllerContext } from '../controller';
import { ownerReferenceTo } from '../util/pods';

// pkg/controller/history/controller_history.go: ControllerRevisions as the StatefulSet and
// DaemonSet controllers keep them — named <owner>-<hash>, numbered, adopted, sorted, compared.

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** 32-bit FNV-1 (Go's fnv.New32, which HashControllerRevision uses), over UTF-8 bytes. */
export function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

/**
 * encoding/json's Marshal of a decoded JSON value: keys sorted at every level, no spaces, and
 * <, >, & and the line separators escaped as \u003c and friends.
 */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${goString(k)}:${goJson(o[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v ?? null);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** HashControllerRevision: FNV-1 of the data's bytes, then the collision count, safe-encoded. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  let text = goJson(data);
  if (collisionCount !== undefined) text += String(collisionCount);
  return safeEncodeString(String(fnv32(text)));
}

/** ControllerRevisionName: the prefix is cut to 223 characters so the name stays valid. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export const revisionNumber = (cr: any): number => Number(cr.revision ?? 0);

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions(revisions: any[]): any[] {
  return [...revisions].sort(
    (a, b) =>
      revisionNumber(a) - revisionNumber(b) ||
      Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp) ||
      (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
  );
}

/** EqualRevision: same data (the hash labels are not decimal, so only the data decides). */
export function equalRevision(a: any, b: any): boolean {
  if (!a || !b) return a === b;
  return jsonEqual(a.data, b.data);
}

/** NextRevision: one more than the highest (revisions sorted). */
export function nextRevision(sorted: any[]): number {
  return sorted.length ? revisionNumber(sorted[sorted.length - 1]) + 1 : 1;
}

/**
 * The revisions a parent owns, adopting orphans its selector matches (ListControllerRevisions
 * plus AdoptControllerRevision) and releasing owned ones that no longer match.
 */
export function claimRevisions(ctx: ControllerContext, parent: KubeObject, selector: any): any[] {
  let sel;
  try {
    sel = labelSelectorAsSelector(selector);
  } catch {
    return [];
  }
  const out: any[] = [];
  const uid = parent.metadata.uid;
  for (const cr of ctx.state.list(
    'apps',
    'ControllerRevision',
    parent.metadata.namespace,
  ) as any[]) {
    const ref = controllerRef(cr);
    const matches = sel.matches(cr.metadata.labels ?? {});
    if (ref?.uid === uid) {
      if (matches || cr.metadata.deletionTimestamp) out.push(cr);
      else
        ctx.api.mutate(cr, (c: any) => {
          c.metadata.ownerReferences = c.metadata.ownerReferences.filter((r: any) => r.uid !== uid);
          if (!c.metadata.ownerReferences.length) delete c.metadata.ownerReferences;
        });
    } else if (
      !ref &&
      matches &&
      !cr.metadata.deletionTimestamp &&
      !parent.metadata.deletionTimestamp
    ) {
      const adopted = ctx.api.mutate(cr, (c: any) => {
        c.metadata.ownerReferences = [
          ...(c.metadata.ownerReferences ?? []),
          ownerReferenceTo(parent),
        ];
      });
      if (!isStatusError(adopted)) out.push(adopted);
    }
  }
  return out;
}

/**
 * CreateControllerRevision: creates `revision` under <parent>-<hash>; on a name taken by a
 * different revision it bumps the collision count and tries the next name.
 */
export function createControllerRevision(
  ctx: ControllerContext,
  parent: KubeObject,
  revision: any,
  collisionCount: { value: number },
): any | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const hash = hashControllerRevision(revision.data, collisionCount.value);
    const cr = {
      ...revision,
      metadata: {
        ...revision.metadata,
        name: controllerRevisionName(parent.metadata.name, hash),
        labels: { ...(revision.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      },
    };
    const existing = ctx.state.get(
      'apps',
      'ControllerRevision',
      parent.metadata.namespace ?? '',
      cr.metadata.name,
    );
    if (existing) {
      if (equalRevision(existing, cr)) return existing;
      collisionCount.value++;
      continue;
    }
    const created = ctx.api.create(cr);
    return isStatusError(created) ? undefined : created;
  }
  return undefined;
}

/** UpdateControllerRevision: gives an existing revision a new number (a rollback to it). */
export function updateRevisionNumber(ctx: ControllerContext, cr: any, revision: number): any {
  if (revisionNumber(cr) === revision) return cr;
  const u = ctx.api.mutate(cr, (c: any) => (c.revision = revision));
  return isStatusError(u) ? cr : u;
}
