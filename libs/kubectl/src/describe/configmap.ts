import { getObject, type Describer } from './context';
import { describeEvents, refOf, searchEventsOrThrow } from './events';
import { printAnnotations, printLabels } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe configmap: every key with its whole value, binary keys by size. (kubectl
// walks a Go map, so its key order changes from run to run; sorted is one of its orders.)

export const describeConfigMapObject: Describer = async (ctx, r, namespace, name) => {
  const cm = await getObject(ctx, r, namespace, name);
  // Unlike the other describers, a failed event search fails the whole description.
  const events = ctx.settings.showEvents
    ? await searchEventsOrThrow(ctx, refOf(cm, 'ConfigMap'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', cm.metadata.labels);
    printAnnotations(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    const data: Record<string, string> = cm.data ?? {};
    for (const key of goSortStrings(Object.keys(data))) {
      w.write(LEVEL_0, `${key}:\n----\n`);
      w.write(LEVEL_0, `${data[key]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    const binary: Record<string, string> = cm.binaryData ?? {};
    for (const key of goSortStrings(Object.keys(binary)))
      w.write(LEVEL_0, `${key}: ${base64Length(binary[key]!)} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** The number of bytes a base64 text decodes to. */
export function base64Length(b64: string): number {
  const clean = b64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}
