// Patch preconditions and client-side conflicts of k8s.io/apimachinery/pkg/util/mergepatch (util.go, errors.go).
import { stringify } from 'yaml';
import { goV } from './go';
import { isObject, type JsonObject } from './json';

/** Asserts that an incompatible change is not present within a patch. */
export type PreconditionFunc = (patch: JsonObject) => boolean;

/** Fails when the patch carries `key` (kubectl apply: apiVersion, kind). */
export const requireKeyUnchanged =
  (key: string): PreconditionFunc =>
  (patch) =>
    !Object.prototype.hasOwnProperty.call(patch, key);

/** Fails when the patch carries metadata.`key` (kubectl apply: name). */
export const requireMetadataKeyUnchanged =
  (key: string): PreconditionFunc =>
  (patch) => {
    const metadata = patch['metadata'];
    return !isObject(metadata) || !Object.prototype.hasOwnProperty.call(metadata, key);
  };

/** mergepatch.ErrPreconditionFailed. */
export class PreconditionFailedError extends Error {
  constructor(readonly patch: JsonObject) {
    super(`precondition failed for: ${goV(patch)}`);
    this.name = 'PreconditionFailedError';
  }
}

/** mergepatch.ErrConflict: a three-way patch would undo a change made to the live object. */
export class MergeConflictError extends Error {
  constructor(patch: unknown, current: unknown) {
    super(
      `patch:\n${toYAML(patch)}\nconflicts with changes made from original to current:\n${toYAML(current)}\n`,
    );
    this.name = 'MergeConflictError';
  }
}

export function checkPreconditions(patch: JsonObject, fns: readonly PreconditionFunc[]): void {
  for (const fn of fns) if (!fn(patch)) throw new PreconditionFailedError(patch);
}

/** sigs.k8s.io/yaml's Marshal sorts keys and does not indent sequences. */
export function toYAML(v: unknown): string {
  return stringify(v, { sortMapEntries: true, indentSeq: false });
}
