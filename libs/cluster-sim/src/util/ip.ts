// IPv4 arithmetic the network model needs (k8s.io/utils/net, reduced to IPv4): parsing
// addresses and CIDRs, containment, reverse-lookup names.

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

export const isIPv4Address = (s: string) => ipToNumber(s) !== undefined;

export const numberToIp = (n: number) =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export interface CIDR {
  network: number;
  prefix: number;
  contains(ip: number | string): boolean;
}

/** An IPv4 CIDR ("10.0.0.0/8"); undefined when it is not one. */
export function parseCIDR(s: string): CIDR | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = ipToNumber(m[1]!);
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const network = (ip & mask) >>> 0;
  return {
    network,
    prefix,
    contains(x) {
      const n = typeof x === 'string' ? ipToNumber(x) : x;
      return n !== undefined && (n & mask) >>> 0 === network;
    },
  };
}

/** "10.96.0.1" -> "1.0.96.10.in-addr.arpa" (a PTR query's name). */
export const reverseName = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

/** The "10-244-1-5" form of a pod's IP in its DNS names. */
export const dashed = (ip: string) => ip.replace(/\./g, '-');
