import type { Image, ImageRef } from './image';
import { agnhost } from './agnhost';
import { alpine, bashImage, curlImage } from './alpine';
import { busybox } from './busybox';
import { debian } from './debian';
import { demo } from './demo';
import { etcd } from './etcd';
import { generic, pause } from './generic';
import { mysql } from './mysql';
import { nginx } from './nginx';
import { perl } from './perl';
import { postgres } from './postgres';
import { python } from './python';
import { redis } from './redis';
import { polinuxStress, vishStress } from './stress';
import { helloApp, hpaExample, httpd, httpEcho, serveHostname } from './web-samples';

// The images learners use most, behaving as the real ones do from the outside (one file per
// image or family). Unknown images run as a generic long-running process; whether an image
// exists at all is decided in ../image-pull.ts.
//
// To add an image: write `images/<name>.ts` exporting an `Image`, and add it to CATALOG below
// (e.g. the batch area's `perl` for the pi Job).

export const CATALOG: Image[] = [
  nginx,
  busybox,
  alpine,
  bashImage,
  curlImage,
  debian,
  demo,
  agnhost,
  redis,
  postgres,
  mysql,
  polinuxStress,
  vishStress,
  helloApp,
  httpEcho,
  httpd,
  serveHostname,
  hpaExample,
  etcd,
  pause,
  perl,
  python,
];

export { generic };

/** The catalog entry for an image reference: by repository first, then by name. */
export function imageFor(ref: ImageRef): Image {
  const repo = ref.repository.replace(/^docker\.io\/library\//, '');
  const bare = ref.repository.replace(/^docker\.io\//, '');
  return (
    CATALOG.find((i) =>
      i.repositories?.some((r) => r === ref.repository || r === bare || r === repo),
    ) ??
    CATALOG.find((i) => i.names.includes(ref.name)) ??
    generic
  );
}

/** Whether the catalog models this image (as opposed to the generic stand-in). */
export const isCatalogImage = (ref: ImageRef) => imageFor(ref) !== generic;
