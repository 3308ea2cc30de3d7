// Integration keys look like `kl_<prefix>_<secret>`: the prefix (public, indexed) finds the row,
// the whole key is compared by hash. The `kl_` marker tells keys from JWTs in a Bearer header.

export const API_KEY_MARKER = 'kl_';

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function formatApiKey(prefix: string, secret: string): string {
  return `${API_KEY_MARKER}${prefix}_${secret}`;
}

export function parseApiKey(token: string): ParsedApiKey | null {
  const m = /^kl_([a-z0-9]{8,16})_([A-Za-z0-9_-]{20,})$/.exec(token);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_MARKER);
}
