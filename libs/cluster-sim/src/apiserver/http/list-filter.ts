import {
  badRequestError,
  fieldsForObject,
  parseFieldSelector,
  parseSelector,
  validateFieldSelector,
  type KubeObject,
} from '@kubelab/apimachinery';
import type { ResourceType } from '../../registry/resource-type';

// labelSelector and fieldSelector of list and watch requests, with the API server's errors.

export interface ObjectFilter {
  matches(o: KubeObject): boolean;
}

export function objectFilter(
  type: ResourceType,
  labelSelector: string | null,
  fieldSelector: string | null,
): ObjectFilter {
  let labels: ReturnType<typeof parseSelector> | undefined;
  let fields: ReturnType<typeof parseFieldSelector> | undefined;
  if (labelSelector) {
    try {
      labels = parseSelector(labelSelector);
    } catch (e) {
      throw badRequestError(
        `unable to parse requirement: ${(e as Error).message}`.replace(
          'unable to parse requirement: unable to parse requirement: ',
          'unable to parse requirement: ',
        ),
      );
    }
  }
  if (fieldSelector) {
    try {
      fields = parseFieldSelector(fieldSelector);
    } catch (e) {
      throw badRequestError((e as Error).message);
    }
    const problem = validateFieldSelector(
      type.kind,
      fieldSelector,
      type.group ? `${type.group}/${type.version}` : type.version,
    );
    if (problem) throw badRequestError(problem);
  }
  return {
    matches(o) {
      if (labels && !labels.matches(o.metadata.labels ?? {})) return false;
      if (fields && !fields.matches(fieldsForObject(type.kind, o, { namespaced: type.namespaced })))
        return false;
      return true;
    },
  };
}

/** limit/continue: an opaque token holding where the next page starts. */
export function paginate<T extends KubeObject>(
  items: T[],
  limit: number | undefined,
  continueToken: string | null,
  rv: string,
): { items: T[]; continue?: string; remaining?: number } {
  let start = 0;
  if (continueToken) {
    let decoded: { k: string; rv: string } | undefined;
    try {
      decoded = JSON.parse(atob(continueToken));
    } catch {
      throw badRequestError('continue key is not valid: illegal base64 data at input byte 0');
    }
    const key = decoded!.k;
    start = items.findIndex((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > key);
    if (start < 0) start = items.length;
  }
  if (!limit || limit <= 0 || start + limit >= items.length) return { items: items.slice(start) };
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1]!;
  const token = btoa(
    JSON.stringify({ k: `${last.metadata.namespace ?? ''}/${last.metadata.name}`, rv }),
  );
  return { items: page, continue: token, remaining: items.length - start - limit };
}
