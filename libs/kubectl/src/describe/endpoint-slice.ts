import { getObject, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from './prefix-writer';

// kubectl describe endpointslice: its ports, and each endpoint with its conditions and target.

export const describeEndpointSliceObject: Describer = async (ctx, r, namespace, name) => {
  const eps = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(eps, 'EndpointSlice'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', eps.metadata.labels);
    printAnnotations(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
    if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of eps.ports)
        w.write(LEVEL_1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
    }
    if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of eps.endpoints) {
        const unset = (v: unknown) => (v === undefined || v === null ? '<unset>' : String(v));
        w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${unset(e.conditions?.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${unset(e.hostname)}\n`);
        if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
        w.write(LEVEL_2, `NodeName:\t${unset(e.nodeName)}\n`);
        w.write(LEVEL_2, `Zone:\t${unset(e.zone)}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};
