import { getObject, type Describer } from './context';
import { describeEvents, searchEvents } from './events';
import { goValue, printAnnotations, printLabels } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer';

// kubectl's generic describer, for kinds without a describer of their own: every field of the
// object, sorted, nested by indentation, under labels made from the field names ("apiVersion"
// reads "API Version").

/** Printed above (name, namespace, labels, annotations) or never (managed fields). */
const SKIP = [
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
];

export const describeGenericObject: Describer = async (ctx, r, namespace, name) => {
  const obj = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, {
        kind: obj.kind ?? r.kind,
        name: obj.metadata?.name ?? name,
        namespace: obj.metadata?.namespace ?? '',
        uid: obj.metadata?.uid,
      })
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
    printLabels(w, 'Labels', obj.metadata?.labels);
    printAnnotations(w, 'Annotations', obj.metadata?.annotations);
    printContent(w, LEVEL_0, obj, '');
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** printUnstructuredContent: maps and lists nest under a `Label:` line, values follow a tab. */
function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  path: string,
): void {
  for (const field of goSortStrings(Object.keys(content))) {
    const value = content[field];
    const fieldPath = `${path}.${field}`;
    if (SKIP.includes(fieldPath)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, fieldPath);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const item of value)
        if (isMap(item)) printContent(w, level + 1, item, fieldPath);
        else w.write(level + 1, `${goValue(item)}\n`);
    } else w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** smartLabelFor: camelCase words split and capitalised, acronyms upper-cased. */
export function smartLabel(field: string): string {
  // Names with characters other than letters and '-' are kept as they are.
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  return camelCaseSplit(field)
    .filter((part) => part !== '_')
    .map((part) => (ACRONYMS.includes(part.toUpperCase()) ? part.toUpperCase() : title(part)))
    .join(' ');
}

/** strings.Title: each letter that starts a word (after a separator, or first) upper-cased. */
const title = (s: string) =>
  s.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());

/** github.com/fatih/camelcase Split: runs of lower, upper, digit and other characters. */
function camelCaseSplit(s: string): string[] {
  const classOf = (c: string) =>
    /\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4;
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const cls = classOf(c);
    if (cls === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = cls;
  }
  // "PDFL" + "oader" → "PDF" + "Loader": an upper-case run gives its last letter to the next word.
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i]![0]!) && /\p{Ll}/u.test(runs[i + 1]![0]!)) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}
