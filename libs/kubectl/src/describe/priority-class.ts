import { getObject, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe priorityclass (describe.go describePriorityClass): value, whether it is the
// global default, preemption policy, description, and its annotations on one line.

/** labels.FormatLabels: "k=v,k2=v2" sorted, or <none>. */
const formatLabels = (m: Record<string, string> | undefined) => {
  const keys = goSortStrings(Object.keys(m ?? {}));
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
};

export const describePriorityClassObject: Describer = async (ctx, r, namespace, name) => {
  const pc = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(pc, 'PriorityClass'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
};
