import { ApiError } from '../errors';
import { corePath, getObject, listAll, type DescribeContext, type Describer } from './context';
import { parseQuantity, printAnnotations, printLabels, sortedResourceNames } from './format';
import { goSort, goSortStrings, goStringLess } from './go-sort';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';
import { rfc1123z } from './time';

// kubectl describe namespace: status, conditions, and its ResourceQuotas and LimitRanges. A
// server that does not serve those kinds (404) gets no such section; kubectl shows no events.

export const describeNamespaceObject: Describer = async (ctx, r, namespace, name) => {
  const ns = await getObject(ctx, r, namespace, name);
  const quotas = await listUnlessUnserved(ctx, corePath('resourcequotas', name));
  const limitRanges = await listUnlessUnserved(ctx, corePath('limitranges', name));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabels(w, 'Labels', ns.metadata.labels);
    printAnnotations(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions: any[] = ns.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limitRanges, w);
    }
  });
};

/** The items, or undefined when the server does not serve the kind. */
async function listUnlessUnserved(ctx: DescribeContext, path: string): Promise<any[] | undefined> {
  try {
    return await listAll(ctx, path);
  } catch (e) {
    if (e instanceof ApiError && e.httpStatus === 404) return undefined;
    throw e;
  }
}

const SCOPE_HELP: Record<string, string> = {
  Terminating:
    'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort:
    'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function describeResourceQuotas(quotas: any[], w: PrefixWriter): void {
  if (!quotas.length) return w.write(LEVEL_0, 'No resource quota.\n');
  w.write(LEVEL_0, 'Resource Quotas\n');
  const byName = goSort([...quotas], (a, b) => goStringLess(a.metadata.name, b.metadata.name));
  for (const q of byName) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes = goSortStrings([...(q.spec?.scopes ?? [])]);
    if (scopes.length) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    for (const res of sortedResourceNames(hard))
      w.write(
        LEVEL_1,
        `${res}\t${parseQuantity(q.status?.used?.[res]).toString()}\t${parseQuantity(hard[res]).toString()}\n`,
      );
  }
}

function describeLimitRanges(ranges: any[], w: PrefixWriter): void {
  if (!ranges.length) return w.write(LEVEL_0, 'No LimitRange resource.\n');
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const lr of ranges)
    for (const item of lr.spec?.limits ?? []) {
      const fields = [
        item.min,
        item.max,
        item.defaultRequest,
        item.default,
        item.maxLimitRequestRatio,
      ];
      // kubectl walks a Go map here (random order); sorted is one of the orders it prints.
      const names = goSortStrings([...new Set(fields.flatMap((f) => Object.keys(f ?? {})))]);
      for (const name of names) {
        const cells = fields.map((f) =>
          f?.[name] !== undefined ? parseQuantity(f[name]).toString() : '-',
        );
        w.write(LEVEL_0, ` ${item.type ?? ''}\t${name}\t${cells.join('\t')}\n`);
      }
    }
}
