import { corePath, getObject, listAll, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels } from './format';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe serviceaccount: its image pull secrets, mountable secrets and legacy token
// secrets, each marked `(not found)` when the Secret does not exist.

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';

export const describeServiceAccountObject: Describer = async (ctx, r, namespace, name) => {
  const sa = await getObject(ctx, r, namespace, name);
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await listAll(ctx, corePath('secrets', namespace));
    const existing = new Set(secrets.map((s) => s.metadata?.name));
    for (const s of secrets) {
      const a = s.metadata?.annotations ?? {};
      if (
        s.type === SA_TOKEN_TYPE &&
        a['kubernetes.io/service-account.name'] === sa.metadata.name &&
        a['kubernetes.io/service-account.uid'] === sa.metadata.uid
      )
        tokens.push(s.metadata.name);
    }
    for (const ref of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])])
      if (!existing.has(ref.name)) missing.add(ref.name);
  } catch {
    // Secrets that cannot be read: the references are shown as they are.
  }
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(sa, 'ServiceAccount'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', sa.metadata.labels);
    printAnnotations(w, 'Annotations', sa.metadata.annotations);
    // The headers are padded to one width by hand, and listed in sorted order.
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (!names.length) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((n, i) => {
        const prefix = i ? ' '.repeat(header.length) : header;
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
      });
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};
