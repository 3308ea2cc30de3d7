import { queryString, type KubeClient } from '../client';
import { objectPath, type ResourceInfo } from '../resources/discovery';

// What every describer works with: the API client, the cluster's now (for ages), and the
// command's settings. Describers read the API as kubectl's typed clients do, at fixed paths.

export interface DescribeSettings {
  /** --show-events. */
  showEvents: boolean;
  /** --chunk-size: lists are read in pages of this many (0: in one go). */
  chunkSize: number;
}

export interface DescribeContext {
  client: KubeClient;
  /** The cluster's virtual time, in ms. */
  now: number;
  settings: DescribeSettings;
}

/** Describes one object, read again by name as kubectl's describers do; resolves with its text. */
export type Describer = (
  ctx: DescribeContext,
  resource: ResourceInfo,
  namespace: string | undefined,
  name: string,
) => Promise<string>;

export function getObject(
  ctx: DescribeContext,
  r: ResourceInfo,
  namespace: string | undefined,
  name: string,
): Promise<any> {
  return ctx.client.call('GET', objectPath(r, namespace, name));
}

/** `/api/v1/namespaces/<ns>/<plural>`, or cluster-wide without a namespace. */
export const corePath = (plural: string, namespace?: string) =>
  namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${plural}` : `/api/v1/${plural}`;

/** Every item of a list, page by page (resource.FollowContinue). Throws ApiError on failure. */
export async function listAll(
  ctx: DescribeContext,
  path: string,
  q: { labelSelector?: string; fieldSelector?: string } = {},
  chunked = true,
): Promise<any[]> {
  const items: any[] = [];
  const limit = chunked && ctx.settings.chunkSize > 0 ? String(ctx.settings.chunkSize) : undefined;
  let next: string | undefined;
  do {
    const list = await ctx.client.call('GET', path + queryString({ ...q, limit, continue: next }));
    items.push(...(list?.items ?? []));
    next = list?.metadata?.continue || undefined;
  } while (next);
  return items;
}

/** metav1.GetControllerOf: the owner reference marked as controller. */
export const controllerOf = (obj: any): any =>
  (obj?.metadata?.ownerReferences ?? []).find((r: any) => r?.controller === true);
