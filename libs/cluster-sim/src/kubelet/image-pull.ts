import { imageFor, isCatalogImage } from './images/catalog';
import type { ImageRef } from './images/image';
import { plausibleTag } from './images/util';

// Whether a pull would succeed, and containerd's error when not (pkg/kubelet/images
// image_manager.go reports it as ErrImagePull, then ImagePullBackOff). A simulated registry
// cannot know every image in the world, so it decides from what it can: the catalog, Docker
// Hub's official images, the registries a cluster can reach, and names that announce they do
// not exist (`nginx:doesnotexist`, `nosuchimage-xyz`, `non-existing-repo/...`).

export type PullOutcome =
  { ok: true } | { ok: false; reason: 'ErrImagePull' | 'InvalidImageName'; message: string };

/** Docker Hub's official ("library/") images people run. */
const OFFICIAL = new Set(
  `nginx busybox alpine debian ubuntu fedora centos rockylinux almalinux amazonlinux oraclelinux
  archlinux photon clearlinux redis mysql mariadb percona postgres mongo memcached cassandra couchdb
  couchbase neo4j influxdb telegraf chronograf kapacitor elasticsearch kibana logstash rabbitmq
  zookeeper solr httpd tomcat jetty traefik haproxy caddy registry consul vault nats python node
  golang openjdk eclipse-temurin amazoncorretto ibmjava ruby php perl rust gcc bash julia r-base
  erlang elixir clojure groovy gradle maven swift dart haskell pypy composer buildpack-deps docker
  hello-world wordpress ghost drupal joomla mediawiki nextcloud owncloud adminer phpmyadmin
  sonarqube jenkins flink kong eclipse-mosquitto mongo-express matomo odoo friendica rocket.chat
  znc irssi nats-streaming spark storm tomee websphere-liberty open-liberty geonetwork xwiki
  yourls varnish unit express-gateway emqx arangodb orientdb rethinkdb aerospike crate
  teamspeak postfixadmin bonita convertigo silverpeas plone znc lightstreamer monica kapacitor`
    .split(/\s+/)
    .filter(Boolean),
);

/** Registries a cluster can reach without credentials (and the hosts they answer on). */
const PUBLIC_REGISTRIES = [
  'docker.io',
  'registry-1.docker.io',
  'index.docker.io',
  'registry.k8s.io',
  'k8s.gcr.io',
  'gcr.io',
  'us.gcr.io',
  'eu.gcr.io',
  'asia.gcr.io',
  'quay.io',
  'ghcr.io',
  'mcr.microsoft.com',
  'public.ecr.aws',
  'registry.gitlab.com',
  'docker.elastic.co',
  'nvcr.io',
  'cgr.dev',
];
const PUBLIC_SUFFIXES = ['.pkg.dev', '.azurecr.io', '.amazonaws.com', '.gcr.io'];

/** gcr.io projects that are public; other projects need credentials. */
const PUBLIC_GCR =
  /^(google-samples|google-containers|google_containers|k8s-artifacts-prod|distroless|kaniko-project|etcd-development|cadvisor|heptio-images|kubernetes-e2e-test-images|ml-pipeline|tekton-releases|knative-releases|istio-release|linkerd-io|k8s-staging-[\w-]+)\//;

const FAKE =
  /(non-?exist|does-?not-?exist|doesnotexist|nosuch|no-such|notexist|missing|invalid|bogus|fake|typo|wrong|broken|nonexistent|this-image)/i;

const REFERENCE =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::\d+)?\/)?[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** The InvalidImageName text for a reference containerd cannot parse (undefined: it parses). */
export function invalidImageName(image: string): string | undefined {
  if (image && REFERENCE.test(image)) return undefined;
  return `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
}

export function pullOutcome(ref: ImageRef): PullOutcome {
  const invalid = invalidImageName(ref.spec.trim());
  if (invalid) return { ok: false, reason: 'InvalidImageName', message: invalid };
  const host = ref.repository.split('/')[0]!;
  const path = ref.repository.slice(host.length + 1);
  const full = ref.full;
  const unpack = (desc: string, code = 'Unknown') =>
    `rpc error: code = ${code} desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${desc}`;
  const tag = ref.full.includes('@') ? 'sha256' : ref.tag;
  const manifest = `https://${host === 'docker.io' ? 'registry-1.docker.io' : host}/v2/${path}/manifests/${ref.full.includes('@') ? ref.full.split('@')[1] : tag}`;
  if (host === 'localhost' || host.startsWith('localhost:') || host.startsWith('127.0.0.1')) {
    const port = host.split(':')[1] ?? '443';
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: unpack(
        `failed to do request: Head "${manifest}": dial tcp 127.0.0.1:${port}: connect: connection refused`,
      ),
    };
  }
  const reachable =
    PUBLIC_REGISTRIES.includes(host) || PUBLIC_SUFFIXES.some((s) => host.endsWith(s));
  if (!reachable)
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: unpack(
        `failed to do request: Head "${manifest}": dial tcp: lookup ${host.split(':')[0]}: no such host`,
      ),
    };
  const denied = unpack(
    'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  );
  if (FAKE.test(path)) return { ok: false, reason: 'ErrImagePull', message: denied };
  if (host === 'docker.io' && path.startsWith('library/')) {
    const name = path.slice('library/'.length);
    if (!OFFICIAL.has(name) && !isCatalogImage(ref))
      return { ok: false, reason: 'ErrImagePull', message: denied };
  }
  if (host === 'gcr.io' && !PUBLIC_GCR.test(`${path}/`))
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: unpack(
        `failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://gcr.io/v2/token?scope=repository%3A${encodeURIComponent(path)}%3Apull&service=gcr.io: 401 Unauthorized`,
      ),
    };
  // Windows-only images have no linux/amd64 manifest for these Linux nodes.
  if (
    /(^|\/)(windows|windowsservercore|nanoserver|iis)(\/|$)|^mcr\.microsoft\.com\/windows/.test(
      path,
    ) ||
    /(windowsservercore|nanoserver|ltsc20\d\d)/.test(ref.tag)
  )
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": no match for platform in manifest: not found`,
    };
  if (!ref.full.includes('@')) {
    const image = imageFor(ref);
    const exists = image.hasTag ? image.hasTag(ref.tag) : plausibleTag(ref.tag);
    if (!exists)
      return {
        ok: false,
        reason: 'ErrImagePull',
        message: unpack(`${full}: not found`, 'NotFound'),
      };
  }
  return { ok: true };
}

/** The waiting message while the kubelet backs off pulling (1.32 names the last error). */
export const backOffPullingMessage = (image: string, error: string) =>
  `Back-off pulling image "${image}": ErrImagePull: ${error}`;
