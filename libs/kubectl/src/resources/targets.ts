import { KubectlError } from '../errors';
import type { Discovery, ResourceInfo } from './discovery';

// The objects a command line names, as kubectl's resource builder reads them:
// `TYPE`, `TYPE NAME…`, `TYPE1,TYPE2`, `TYPE/NAME TYPE/NAME…`.

export interface Target {
  resource: ResourceInfo;
  /** Empty: every object of the type (subject to selectors). */
  names: string[];
  /** As typed, for messages. */
  typed: string;
}

export async function resolveTargets(discovery: Discovery, args: string[]): Promise<Target[]> {
  if (!args.length) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: Target[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const type = a.slice(0, slash);
      const name = a.slice(slash + 1);
      if (!name)
        throw new KubectlError(
          `arguments in resource/name form must have a single resource and name`,
        );
      const [resource] = await discovery.resolve(type);
      const prev = out.find((t) => t.resource === resource);
      if (prev) prev.names.push(name);
      else out.push({ resource: resource!, names: [name], typed: type });
    }
    return out;
  }
  const [types, ...names] = args;
  const out: Target[] = [];
  for (const t of types!.split(',').filter(Boolean)) {
    for (const resource of await discovery.resolve(t)) {
      if (out.some((x) => x.resource === resource)) continue;
      out.push({ resource, names: [...names], typed: t });
    }
  }
  if (names.length && out.length > 1)
    throw new KubectlError(
      'you may only specify a single resource type when naming objects; use TYPE/NAME for several',
    );
  return out;
}
