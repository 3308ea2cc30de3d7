import { Quantity } from '@kubelab/apimachinery';
import { getObject, type Describer } from './context';
import { parseQuantity, sortedResourceNames } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe resourcequota (describe.go describeQuota): its scopes with their help text,
// then each limited resource with what is used and the hard limit, from the quota's status.

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

export const describeResourceQuotaObject: Describer = async (ctx, r, namespace, name) => {
  const rq = await getObject(ctx, r, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rq.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rq.metadata.namespace ?? ''}\n`);
    const scopes = goSortStrings([...(rq.spec?.scopes ?? [])]);
    if (scopes.length) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = rq.status?.hard ?? {};
    for (const res of sortedResourceNames(hard)) {
      const h = parseQuantity(hard[res]);
      let used = parseQuantity(rq.status?.used?.[res]);
      // A used amount in another format is shown in the hard limit's (0 of 1Gi reads "0").
      if (used.format !== h.format && h.format) used = Quantity.fromInt(used.value(), h.format);
      w.write(LEVEL_0, `${res}\t${used.toString()}\t${h.toString()}\n`);
    }
  });
};
