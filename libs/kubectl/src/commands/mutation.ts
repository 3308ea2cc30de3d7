import { ApiError, KubectlError } from '../errors';
import { kindDotGroup, type ResourceInfo } from '../resources/discovery';

// What commands that change objects share: the dry-run flag's meaning, the suffix kubectl adds
// to its messages, and the "error when creating "STDIN": …" wrapping of API errors.

export type DryRun = 'none' | 'client' | 'server';

export function dryRunOf(v: unknown): DryRun {
  if (v === undefined || v === 'none' || v === false) return 'none';
  if (v === 'client' || v === 'server') return v;
  if (v === 'unchanged' || v === true || v === 'true')
    throw new KubectlError(
      `--dry-run flag without a value was specified. A value must be set, either "client" or "server"`,
    );
  throw new KubectlError(
    `Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`,
  );
}

export const dryRunSuffix = (d: DryRun) =>
  d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';

export const named = (r: ResourceInfo, name: string) => `${kindDotGroup(r)}/${name}`;

/** kubectl's AddSourceToErr: says which file and what it was doing, except for Invalid. */
export function withSource(e: unknown, verb: string, source: string): unknown {
  if (!(e instanceof ApiError) || e.status.reason === 'Invalid') return e;
  return new ApiError(
    { ...e.status, message: `error when ${verb} "${source}": ${e.status.message}` },
    e.httpStatus,
  );
}
