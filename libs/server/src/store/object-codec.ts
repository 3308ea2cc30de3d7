import type { KubeObject } from '@kubelab/apimachinery';

/** Transforms objects on their way into and out of storage (Secret encryption). */
export interface ObjectCodec {
  encode(obj: KubeObject): KubeObject;
  decode(obj: KubeObject): KubeObject;
}

export const identityCodec: ObjectCodec = { encode: (o) => o, decode: (o) => o };
