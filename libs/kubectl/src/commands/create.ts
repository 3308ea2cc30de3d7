import { DRY_RUN_FLAG, FILENAME_FLAGS } from '../cli/common-flags';
import { parseArgs, type FlagSpec } from '../cli/flags';
import { queryString } from '../client';
import { ApiError, KubectlError, formatApiError } from '../errors';
import { parseOutput, printObjects, forOutput } from '../printers/output';
import { basePath, type ResourceInfo } from '../resources/discovery';
import { readSources, resolveObjects } from '../resources/manifests';
import type { Command, CommandContext } from './command';
import { dryRunOf, dryRunSuffix, named, withSource } from './mutation';
import { register } from './registry';

// kubectl create: from files, or the generators (`create deployment|service|configmap|secret
// generic|namespace|job|serviceaccount`) that build the object kubectl would, with
// --dry-run=client -o yaml to print it instead.

const FLAGS: FlagSpec[] = [
  ...FILENAME_FLAGS,
  DRY_RUN_FLAG,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'image', type: 'strings' },
  { name: 'replicas', short: 'r', type: 'int' },
  { name: 'port', type: 'int' },
  { name: 'tcp', type: 'strings' },
  { name: 'node-port', type: 'int' },
  { name: 'from-literal', type: 'strings' },
  { name: 'from-file', type: 'strings' },
  { name: 'from-env-file', type: 'strings' },
  { name: 'type', type: 'string' },
  { name: 'from', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string', noValue: 'strict' },
  { name: 'field-manager', type: 'string' },
  { name: 'clusterip', type: 'string' },
  { name: 'schedule', type: 'string' },
  { name: 'restart', type: 'string' },
];

const HELP = `Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.

Examples:
  # Create a pod using the data in pod.json (a file saved in the lab)
  kubectl create -f ./pod.json

Available Commands:
  configmap             Create a config map from a local file, directory or literal value
  deployment            Create a deployment with the specified name
  job                   Create a job with the specified name
  namespace             Create a namespace with the specified name
  secret                Create a secret using a specified subcommand
  service               Create a service using a specified subcommand
  serviceaccount        Create a service account with the specified name

Options:
      --dry-run='none': Must be "none", "server", or "client".
  -f, --filename=[]: Filename or '-' for stdin.
  -o, --output='': Output format.

Usage:
  kubectl create -f FILENAME [options]`;

const GENERATOR_NOUN: Record<string, string> = {
  deployment: 'deployment',
  deploy: 'deployment',
  configmap: 'configmap',
  cm: 'configmap',
  secret: 'secret',
  service: 'service',
  svc: 'service',
  serviceaccount: 'serviceaccount',
  sa: 'serviceaccount',
  job: 'job',
};

interface Built {
  resource: ResourceInfo;
  object: any;
}

async function resourceFor(ctx: CommandContext, typed: string): Promise<ResourceInfo> {
  const [r] = await ctx.session.client.discovery.resolve(typed);
  return r!;
}

function literalPairs(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of list ?? []) {
    const i = l.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid literal source ${l}, expected key=value`);
    const key = l.slice(0, i);
    if (key in out)
      throw new KubectlError(
        `cannot add key ${key}, another key by that name already exists in Data for ConfigMap "${''}"`,
      );
    out[key] = l.slice(i + 1);
  }
  return out;
}

function fromFiles(ctx: CommandContext, list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of list ?? []) {
    const i = spec.indexOf('=');
    const key = i > 0 ? spec.slice(0, i) : spec.slice(spec.lastIndexOf('/') + 1);
    const file = i > 0 ? spec.slice(i + 1) : spec;
    const text = ctx.session.files?.read(file);
    if (text === undefined)
      throw new KubectlError(`error reading ${file}: no such file or directory`);
    out[key] = text;
  }
  return out;
}

const b64 = (s: string) => {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
};

/** createJobFromCronJob: the CronJob's job template, marked as a manual run it owns. */
async function jobFromCronJob(
  ctx: CommandContext,
  name: string,
  from: string,
  namespace: string | undefined,
): Promise<any> {
  // TYPE/NAME; a bare word is read as a resource type, as kubectl reads it.
  const [type, cjName] = from.split('/', 2) as [string, string | undefined];
  const resource = await resourceFor(ctx, type);
  if (!cjName) throw new KubectlError('resource(s) were provided, but no name was specified');
  const cj = await ctx.session.client.get(resource, namespace ?? ctx.session.namespace, cjName);
  if (cj.kind !== 'CronJob') throw new KubectlError(`unknown object type *v1.${cj.kind}`);
  const tpl = cj.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...tpl.metadata?.annotations },
      creationTimestamp: null,
      ...(tpl.metadata?.labels ? { labels: tpl.metadata.labels } : {}),
      name,
      ...(namespace ? { namespace } : {}),
      // No blockOwnerDeletion: that would need the cronjobs/finalizers permission.
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cj.metadata.name,
          uid: cj.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: tpl.spec ?? {},
    status: {},
  };
}

async function build(
  ctx: CommandContext,
  sub: string,
  args: string[],
  flags: Record<string, any>,
): Promise<Built> {
  const name = args[0];
  const need = (what: string) => {
    if (!name)
      throw new KubectlError(
        `exactly one NAME is required, got 0`,
        `See 'kubectl create ${what} -h' for help and examples`,
      );
    return name;
  };
  switch (sub) {
    case 'deployment':
    case 'deploy': {
      const n = need('deployment');
      const images = (flags.image as string[] | undefined) ?? [];
      if (!images.length) throw new KubectlError('required flag(s) "image" not set');
      const containerName = (img: string) =>
        img
          .slice(img.lastIndexOf('/') + 1)
          .split(/[:@]/)[0]!
          .replace(/[^a-z0-9-]/g, '-');
      const containers = images.map((image) => ({
        image,
        name: containerName(image),
        ...(flags.port !== undefined ? { ports: [{ containerPort: flags.port }] } : {}),
        resources: {},
      }));
      return {
        resource: await resourceFor(ctx, 'deployments.apps'),
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { creationTimestamp: null, labels: { app: n }, name: n },
          spec: {
            replicas: flags.replicas ?? 1,
            selector: { matchLabels: { app: n } },
            strategy: {},
            template: {
              metadata: { creationTimestamp: null, labels: { app: n } },
              spec: { containers },
            },
          },
          status: {},
        },
      };
    }
    case 'namespace':
    case 'ns': {
      const n = need('namespace');
      return {
        resource: await resourceFor(ctx, 'namespaces'),
        object: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { creationTimestamp: null, name: n },
          spec: {},
          status: {},
        },
      };
    }
    case 'configmap':
    case 'cm': {
      const n = need('configmap');
      const data = {
        ...fromFiles(ctx, flags['from-file']),
        ...literalPairs(flags['from-literal']),
      };
      return {
        resource: await resourceFor(ctx, 'configmaps'),
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { creationTimestamp: null, name: n },
          ...(Object.keys(data).length ? { data } : {}),
        },
      };
    }
    case 'serviceaccount':
    case 'sa': {
      const n = need('serviceaccount');
      return {
        resource: await resourceFor(ctx, 'serviceaccounts'),
        object: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { creationTimestamp: null, name: n },
        },
      };
    }
    case 'secret': {
      const kind = args[0];
      if (kind !== 'generic')
        throw new KubectlError(
          kind
            ? `unknown secret type "${kind}": the lab supports "kubectl create secret generic"`
            : 'a secret type is required: kubectl create secret generic NAME --from-literal=key=value',
        );
      const n = args[1];
      if (!n)
        throw new KubectlError(
          'exactly one NAME is required, got 0',
          "See 'kubectl create secret generic -h' for help and examples",
        );
      const plain = {
        ...fromFiles(ctx, flags['from-file']),
        ...literalPairs(flags['from-literal']),
      };
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(plain)) data[k] = b64(v);
      return {
        resource: await resourceFor(ctx, 'secrets'),
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { creationTimestamp: null, name: n },
          ...(Object.keys(data).length ? { data } : {}),
          ...(flags.type ? { type: flags.type } : {}),
        },
      };
    }
    case 'service':
    case 'svc': {
      const type = args[0];
      const n = args[1];
      const types: Record<string, string> = {
        clusterip: 'ClusterIP',
        nodeport: 'NodePort',
        loadbalancer: 'LoadBalancer',
        externalname: 'ExternalName',
      };
      if (!type || !types[type])
        throw new KubectlError(
          `a service type is required: clusterip, nodeport, loadbalancer or externalname`,
        );
      if (!n)
        throw new KubectlError(
          'exactly one NAME is required, got 0',
          `See 'kubectl create service ${type} -h' for help and examples`,
        );
      const tcp = (flags.tcp as string[] | undefined) ?? [];
      if (!tcp.length && type !== 'externalname' && flags.clusterip !== 'None')
        throw new KubectlError('at least one tcp port specifier must be provided');
      const ports = tcp.map((spec) => {
        const [port, target] = spec.split(':');
        return {
          name: `${port}-${target ?? port}`,
          port: Number(port),
          protocol: 'TCP',
          targetPort: Number(target ?? port),
          ...(type === 'nodeport' && flags['node-port'] ? { nodePort: flags['node-port'] } : {}),
        };
      });
      return {
        resource: await resourceFor(ctx, 'services'),
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { creationTimestamp: null, labels: { app: n }, name: n },
          spec: {
            ...(flags.clusterip ? { clusterIP: flags.clusterip } : {}),
            ...(ports.length ? { ports } : {}),
            selector: { app: n },
            type: types[type],
          },
          status: { loadBalancer: {} },
        },
      };
    }
    case 'job': {
      const n = need('job');
      const image = (flags.image as string[] | undefined)?.[0];
      if (!image === !flags.from)
        throw new KubectlError('either --image or --from must be specified');
      const command = (flags._dash as string[] | undefined) ?? [];
      if (flags.from) {
        if (command.length) throw new KubectlError('cannot specify --from and command');
        return {
          resource: await resourceFor(ctx, 'jobs.batch'),
          object: await jobFromCronJob(ctx, n, flags.from as string, flags.namespace as string),
        };
      }
      return {
        resource: await resourceFor(ctx, 'jobs.batch'),
        object: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { creationTimestamp: null, name: n },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [
                  { image, name: n, resources: {}, ...(command.length ? { command } : {}) },
                ],
                restartPolicy: 'Never',
              },
            },
          },
          status: {},
        },
      };
    }
    default:
      throw new KubectlError(
        `unknown command "${sub}" for "kubectl create"`,
        'Supported: configmap, deployment, job, namespace, secret generic, service, serviceaccount, or -f FILE',
      );
  }
}

async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { session, io } = ctx;
  const { args, flags, dashArgs } = parseArgs(argv, FLAGS);
  const dryRun = dryRunOf(flags['dry-run']);
  const ns = (flags.namespace as string | undefined) ?? session.namespace;
  const format = flags.output ? parseOutput(flags.output as string) : undefined;
  const dry = dryRun === 'server' ? 'All' : undefined;
  const manager = (flags['field-manager'] as string | undefined) ?? 'kubectl-create';
  const create = async (b: Built, source?: string) => {
    const nsFor = b.resource.namespaced ? (b.object.metadata?.namespace ?? ns) : undefined;
    let result = b.object;
    if (dryRun !== 'client') {
      try {
        result = await session.client.call(
          'POST',
          basePath(b.resource, nsFor) +
            queryString({ fieldManager: manager, dryRun: dry, fieldValidation: 'Strict' }),
          { body: b.object },
        );
      } catch (e) {
        throw source ? withSource(e, 'creating', source) : e;
      }
    } else if (b.resource.namespaced && flags.namespace) {
      // A client-side dry run names the namespace only when -n said it.
      result = { ...b.object, metadata: { ...b.object.metadata, namespace: nsFor } };
    }
    if (format && format.kind !== 'table')
      io.out(
        printObjects(
          format,
          [{ object: forOutput(result, b.resource), resource: b.resource }],
          true,
        ),
      );
    else io.out(`${named(b.resource, b.object.metadata.name)} created${dryRunSuffix(dryRun)}\n`);
  };
  if ((flags.filename as string[] | undefined)?.length) {
    const objects = await resolveObjects(
      session.client.discovery,
      readSources(flags.filename as string[], session, io.stdin),
    );
    let failed = false;
    for (const m of objects) {
      try {
        await create({ resource: m.resource, object: m.object }, m.source);
      } catch (e) {
        failed = true;
        if (e instanceof ApiError) io.err(formatApiError(e));
        else throw e;
      }
    }
    return failed ? 1 : 0;
  }
  const [sub, ...rest] = args;
  if (!sub) {
    io.err(`Error: must specify one of -f and -k\n\n`);
    return 1;
  }
  const built = await build(ctx, sub, rest, { ...flags, _dash: dashArgs });
  try {
    await create(built);
  } catch (e) {
    // The generators say what they were making (create_deployment.go and its siblings).
    const what = GENERATOR_NOUN[sub];
    if (e instanceof ApiError && what)
      throw new KubectlError(
        `failed to create ${what === 'service' ? `${rest[0]} service` : what}: ${e.status.message}`,
      );
    throw e;
  }
  return 0;
}

export const createCommand: Command = {
  name: 'create',
  summary: 'Create a resource from a file or from stdin',
  help: HELP,
  flags: FLAGS,
  run,
};

register(createCommand);
