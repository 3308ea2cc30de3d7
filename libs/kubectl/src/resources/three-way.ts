// The patch kubectl's client-side apply sends: what the new manifest sets that the live object
// does not already have, and null for what the last applied manifest had and the new one drops
// (k8s.io/apimachinery's CreateThreeWayMergePatch, without the list directives: lists are sent
// whole and the server's strategic merge keys them).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Does `live` already hold everything `wanted` says? */
export function holds(wanted: unknown, live: unknown): boolean {
  if (isObject(wanted))
    return isObject(live) && Object.keys(wanted).every((k) => holds(wanted[k], live[k]));
  if (Array.isArray(wanted))
    return (
      Array.isArray(live) &&
      live.length === wanted.length &&
      wanted.every((w, i) => holds(w, live[i]))
    );
  return wanted === live;
}

/** What `modified` sets that `live` lacks (objects recursed, lists and scalars whole). */
function delta(modified: Record<string, Json>, live: unknown): Record<string, Json> {
  const out: Record<string, Json> = {};
  const liveObj = isObject(live) ? live : {};
  for (const [k, v] of Object.entries(modified)) {
    if (holds(v, liveObj[k])) continue;
    if (isObject(v) && isObject(liveObj[k])) {
      const sub = delta(v, liveObj[k]);
      if (Object.keys(sub).length) out[k] = sub;
    } else out[k] = v;
  }
  return out;
}

/** null for each field the last applied manifest had, the new one drops, and live still has. */
function deletions(original: unknown, modified: unknown, live: unknown): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!isObject(original)) return out;
  const mod = isObject(modified) ? modified : {};
  const liveObj = isObject(live) ? live : {};
  for (const [k, v] of Object.entries(original)) {
    if (liveObj[k] === undefined) continue;
    if (!(k in mod)) out[k] = null;
    else if (isObject(v) && isObject(mod[k])) {
      const sub = deletions(v, mod[k], liveObj[k]);
      if (Object.keys(sub).length) out[k] = sub;
    }
  }
  return out;
}

function merge(a: Record<string, Json>, b: Record<string, Json>): Record<string, Json> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, Json>, v) : v;
  return out;
}

export function threeWayPatch(
  original: unknown,
  modified: Record<string, Json>,
  live: unknown,
): Record<string, Json> {
  return merge(delta(modified, live), deletions(original, modified, live));
}
