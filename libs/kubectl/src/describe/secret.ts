import { base64Length } from './configmap';
import { getObject, type Describer } from './context';
import { printAnnotations, printLabels } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, tabbedString } from './prefix-writer';

// kubectl describe secret: the type and the size of each value, never the value itself (but
// for a service account token, which kubectl shows). No events. Key order: see ConfigMap.

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';

export const describeSecretObject: Describer = async (ctx, r, namespace, name) => {
  const secret = await getObject(ctx, r, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabels(w, 'Labels', secret.metadata.labels);
    printAnnotations(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const data: Record<string, string> = secret.data ?? {};
    for (const key of goSortStrings(Object.keys(data))) {
      if (key === 'token' && secret.type === SA_TOKEN_TYPE)
        w.write(LEVEL_0, `${key}:\t${decodeBase64(data[key]!)}\n`);
      else w.write(LEVEL_0, `${key}:\t${base64Length(data[key]!)} bytes\n`);
    }
  });
};

function decodeBase64(b64: string): string {
  const binary = globalThis.atob(b64.replace(/\s/g, ''));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
