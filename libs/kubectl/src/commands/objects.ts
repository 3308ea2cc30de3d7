import { ApiError, KubectlError, formatApiError } from '../errors';
import type { ResourceInfo } from '../resources/discovery';
import { resolveTargets } from '../resources/targets';
import type { CommandContext } from './command';

// The objects a verb acts on (scale, label, annotate, set image, rollout…): named, or all of a
// type matching a selector, each fetched; a missing one is reported and the others go on.

export interface Found {
  resource: ResourceInfo;
  object: any;
  namespace: string | undefined;
}

export async function findObjects(
  ctx: CommandContext,
  args: string[],
  opts: {
    namespace?: string;
    selector?: string;
    all?: boolean;
    verb: string;
    onMissing?: (e: ApiError) => void;
  },
): Promise<{ found: Found[]; failed: boolean }> {
  const { session, io } = ctx;
  const ns = opts.namespace ?? session.namespace;
  const targets = await resolveTargets(session.client.discovery, args);
  if (!targets.length)
    throw new KubectlError(
      `You must provide one or more resources by argument or filename.`,
      `See 'kubectl ${opts.verb} -h' for help and examples`,
    );
  const found: Found[] = [];
  let failed = false;
  for (const t of targets) {
    const nsFor = t.resource.namespaced ? ns : undefined;
    if (t.names.length) {
      for (const name of t.names) {
        try {
          found.push({
            resource: t.resource,
            object: await session.client.get(t.resource, nsFor, name),
            namespace: nsFor,
          });
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          failed = true;
          if (opts.onMissing && e.httpStatus === 404) opts.onMissing(e);
          else io.err(formatApiError(e));
        }
      }
    } else if (opts.selector || opts.all) {
      const list = await session.client.list(t.resource, nsFor, { labelSelector: opts.selector });
      for (const o of list.items ?? [])
        found.push({ resource: t.resource, object: o, namespace: nsFor });
    } else throw new KubectlError(`resource(s) were provided, but no name was specified`);
  }
  return { found, failed };
}
