// The world outside the cluster, simulated: when the profile allows egress, public names resolve
// (to stable made-up addresses) and HTTP requests to them succeed with a small page, so a
// script that downloads something completes. Names under unknown top-level domains do not
// exist, as upstream DNS would say.
import { fnv32a } from '../util/names';
import type { HttpResponseOut } from './context';

const PUBLIC_TLDS = new Set(
  (
    'com org net io dev app info biz edu gov mil int co me sh ai cloud tech site online xyz ' +
    'uk de fr nl es it eu ch at be se no dk fi pl cz pt ie us ca au nz jp cn in br ru kr tw ' +
    'sg hk za mx ar ly to tv cc ws gg page run'
  ).split(' '),
);

/** First octets of made-up public addresses (none private, loopback or reserved). */
const PUBLIC_FIRST_OCTETS = [13, 34, 35, 52, 54, 104, 142, 151, 185, 199];

/** Whether upstream DNS knows this (fully qualified, dot-free at the end) name. */
export function isPublicName(name: string): boolean {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  return (
    labels.length >= 2 &&
    PUBLIC_TLDS.has(labels[labels.length - 1]!) &&
    labels.every((l) => l.length > 0)
  );
}

/** The made-up address of a public name: the same one every time. */
export function publicAddress(name: string): string {
  const h = fnv32a(name.toLowerCase().replace(/\.$/, ''));
  const first = PUBLIC_FIRST_OCTETS[h % PUBLIC_FIRST_OCTETS.length]!;
  return [first, (h >>> 8) & 255, (h >>> 16) & 255, Math.max(1, (h >>> 24) % 254)].join('.');
}

/** Whether an address is outside the cluster's and nodes' private ranges. */
export function isPublicAddress(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  // The documentation ranges (TEST-NET-1/2/3) route nowhere.
  const c = Number(ip.split('.')[2]);
  if (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  )
    return false;
  return true;
}

/** What a public web server answers: a small page, or the bytes of a file. */
export function publicHttp(host: string, path: string): HttpResponseOut {
  const file = /\.[A-Za-z0-9]{1,8}$/.test(path.split('?')[0]!);
  if (file)
    return {
      status: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: `simulated content of http://${host}${path}\n`,
    };
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<!doctype html>\n<html>\n<head><title>${host}</title></head>\n<body>\n<p>This page stands in for ${host}: the kubelab cluster simulates the Internet.</p>\n</body>\n</html>\n`,
  };
}
