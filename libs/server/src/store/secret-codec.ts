import crypto from 'node:crypto';
import type { KubeObject } from '@kubelab/apimachinery';
import type { ObjectCodec } from './object-codec';

// Secret data encrypted at rest (AES-256-GCM), as etcd's encryption-at-rest does for a real
// cluster: the stored JSON holds `kubelabEncrypted` instead of `data`/`stringData`. Keys come
// from configuration, newest first; decryption finds the key by its id, so keys can rotate.

interface Sealed {
  k: string; // key id
  iv: string;
  tag: string;
  ct: string;
}

const isSecret = (o: KubeObject) =>
  o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === '');

export function parseKeys(spec: string): { id: string; key: Buffer }[] {
  return spec.split(',').map((entry) => {
    const [id, b64] = entry.split(':') as [string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
    return { id, key };
  });
}

export function secretCodec(
  keySpec: string,
): ObjectCodec & { needsRotation(o: KubeObject): boolean } {
  const keys = parseKeys(keySpec);
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    encode(o) {
      if (!isSecret(o)) return o;
      const secret = o as KubeObject & { data?: unknown; stringData?: unknown };
      if (secret.data === undefined && secret.stringData === undefined) return o;
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', current.key, iv);
      const ct = Buffer.concat([
        c.update(JSON.stringify({ data: secret.data, stringData: secret.stringData }), 'utf8'),
        c.final(),
      ]);
      const sealed: Sealed = {
        k: current.id,
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
      const { data: _d, stringData: _s, ...rest } = secret;
      return { ...rest, kubelabEncrypted: sealed } as KubeObject;
    },
    decode(o) {
      const sealed = (o as { kubelabEncrypted?: Sealed }).kubelabEncrypted;
      if (!sealed) return o;
      const key = byId.get(sealed.k);
      if (!key)
        throw new Error(
          `secret ${o.metadata.namespace}/${o.metadata.name} is encrypted with unknown key ${sealed.k}`,
        );
      const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = JSON.parse(
        Buffer.concat([d.update(Buffer.from(sealed.ct, 'base64')), d.final()]).toString('utf8'),
      );
      const { kubelabEncrypted: _e, ...rest } = o as KubeObject & { kubelabEncrypted?: Sealed };
      const out: Record<string, unknown> = { ...rest };
      if (plain.data !== undefined) out.data = plain.data;
      if (plain.stringData !== undefined) out.stringData = plain.stringData;
      return out as KubeObject;
    },
    needsRotation(o) {
      const sealed = (o as { kubelabEncrypted?: Sealed }).kubelabEncrypted;
      return !!sealed && sealed.k !== current.id;
    },
  };
}
