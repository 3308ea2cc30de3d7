import { getObject, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from './prefix-writer';

// kubectl describe endpoints: each subset's ready and not-ready addresses and its ports.

export const describeEndpointsObject: Describer = async (ctx, r, namespace, name) => {
  const ep = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(ep, 'Endpoints'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', ep.metadata.labels);
    printAnnotations(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const ips = (list: any[] | undefined) => (list ?? []).map((a) => a.ip).join(',') || '<none>';
      w.write(LEVEL_1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of subset.ports)
          w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port ?? 0}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};
