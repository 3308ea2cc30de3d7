import { getObject, type Describer } from './context';
import { parseQuantity } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe limitrange (describe.go describeLimitRange): one row per limit type and
// resource, "-" where the item sets no value.

export const describeLimitRangeObject: Describer = async (ctx, r, namespace, name) => {
  const lr = await getObject(ctx, r, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(
      LEVEL_0,
      'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
    );
    w.write(
      LEVEL_0,
      '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
    );
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
      for (const res of names) {
        const cells = fields.map((f) =>
          f?.[res] !== undefined ? parseQuantity(f[res]).toString() : '-',
        );
        w.write(LEVEL_0, `${item.type ?? ''}\t${res}\t${cells.join('\t')}\n`);
      }
    }
  });
};
