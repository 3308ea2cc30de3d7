// Generated names as Kubernetes makes them: k8s.io/apiserver/pkg/storage/names (generateName
// suffixes) and k8s.io/apimachinery/pkg/util/rand (SafeEncodeString, the pod-template-hash).

/** Kubernetes' alphabet for random suffixes: no vowels (no words) and no confusable characters. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH;

export function randomString(n: number, random: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
  return s;
}

/** metadata.generateName + 5 random characters, the base cut so the name stays within 63. */
export function generateName(base: string, random: () => number): string {
  const b =
    base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  return b + randomString(RANDOM_LENGTH, random);
}

/** rand.SafeEncodeString: maps each character of s onto the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** 32-bit FNV-1a, the hash controller.ComputeHash feeds the template into. */
export function fnv32a(data: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(data);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level: a canonical text of a template. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The pod-template-hash label: controller.ComputeHash — FNV-32a over the template, then the
 * collision count, then SafeEncodeString of the decimal hash. Kubernetes hashes Go's spew dump of
 * the struct; we hash a canonical JSON of the defaulted template, so the value differs from a
 * real cluster's but has the same form, stability and collision behaviour.
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount !== null) {
    // ComputeHash writes the collision count as 4 little-endian bytes after the template.
    const c = collisionCount >>> 0;
    text += String.fromCharCode(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff);
  }
  return safeEncodeString(String(fnv32a(text)));
}
