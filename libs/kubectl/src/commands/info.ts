import { parseArgs } from '../cli/flags';
import { KubectlError } from '../errors';
import { toGoJson, toGoYaml } from '../printers/go-yaml';
import { executeTemplate } from '../printers/jsonpath';
import { TabWriter } from '../printers/tabwriter';
import { groupVersion } from '../resources/discovery';
import { KUBECTL_VERSION } from '../kubectl-version';
import type { Command, CommandContext } from './command';
import { register } from './registry';

// Commands about the cluster rather than its objects: api-resources, version, cluster-info,
// and config (the terminal's one context and its namespace).

const apiResources: Command = {
  name: 'api-resources',
  summary: 'Print the supported API resources on the server',
  help: `Print the supported API resources on the server.

Examples:
  # Print the supported API resources
  kubectl api-resources

  # Print the supported namespaced resources
  kubectl api-resources --namespaced=true

  # Print the supported API resources with a specific APIGroup
  kubectl api-resources --api-group=apps

Usage:
  kubectl api-resources [flags] [options]`,
  flags: [
    { name: 'namespaced', type: 'string', noValue: 'true' },
    { name: 'api-group', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'verbs', type: 'strings' },
    { name: 'sort-by', type: 'string' },
    { name: 'cached', type: 'bool' },
    { name: 'categories', type: 'strings' },
  ],
  async run(argv: string[], ctx: CommandContext) {
    const { flags } = parseArgs(argv, this.flags);
    let list = await ctx.session.client.discovery.preferredResources();
    if (flags.namespaced !== undefined)
      list = list.filter((r) => String(r.namespaced) === String(flags.namespaced));
    if (flags['api-group'] !== undefined) list = list.filter((r) => r.group === flags['api-group']);
    if (flags.verbs)
      list = list.filter((r) => (flags.verbs as string[]).every((v) => r.verbs.includes(v)));
    list = [...list].sort((a, b) =>
      a.group === b.group ? a.resource.localeCompare(b.resource) : a.group.localeCompare(b.group),
    );
    const o = flags.output as string | undefined;
    if (o === 'name') {
      ctx.io.out(
        list.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource) + '\n').join(''),
      );
      return 0;
    }
    const wide = o === 'wide';
    const header = [
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
      ...(wide ? ['VERBS', 'CATEGORIES'] : []),
    ];
    const rows = list.map((r) => [
      r.resource,
      r.shortNames.join(','),
      groupVersion(r),
      String(r.namespaced),
      r.kind,
      ...(wide ? [r.verbs.join(','), r.categories.join(',')] : []),
    ]);
    ctx.io.out(new TabWriter().format(flags['no-headers'] ? rows : [header, ...rows]));
    return 0;
  },
};

const version: Command = {
  name: 'version',
  summary: 'Print the client and server version information',
  help: `Print the client and server version information for the current context.

Examples:
  # Print the client and server versions for the current context
  kubectl version

Usage:
  kubectl version [flags] [options]`,
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  async run(argv, ctx) {
    const { flags } = parseArgs(argv, this.flags);
    const client = {
      clientVersion: {
        major: '1',
        minor: '32',
        gitVersion: KUBECTL_VERSION,
        gitTreeState: 'clean',
        goVersion: 'go1.23.6',
        compiler: 'gc',
        platform: 'js/wasm',
      },
      kustomizeVersion: 'v5.5.0',
    };
    const server = flags.client ? undefined : await ctx.session.client.call('GET', '/version');
    const o = flags.output as string | undefined;
    if (o === 'json' || o === 'yaml') {
      const doc = { ...client, ...(server ? { serverVersion: server } : {}) };
      ctx.io.out(o === 'json' ? toGoJson(doc).replace(/ {4}/g, '  ') : toGoYaml(doc));
      return 0;
    }
    if (o) throw new KubectlError(`--output must be 'yaml' or 'json'`);
    ctx.io.out(`Client Version: ${KUBECTL_VERSION}\nKustomize Version: v5.5.0\n`);
    if (server) ctx.io.out(`Server Version: ${server.gitVersion}\n`);
    return 0;
  },
};

const clusterInfo: Command = {
  name: 'cluster-info',
  summary: 'Display cluster information',
  help: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.

Usage:
  kubectl cluster-info [flags] [options]`,
  flags: [],
  async run(_argv, ctx) {
    ctx.io.out(
      `\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://kubernetes.default.svc\x1b[0m\n\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://kubernetes.default.svc/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
    );
    return 0;
  },
};

const config: Command = {
  name: 'config',
  summary: "Modify the terminal's kubeconfig (current context, namespace)",
  help: `Modify kubeconfig files using subcommands like "kubectl config set-context --current --namespace=NAME".

Available Commands (in the lab):
  current-context   Display the current-context
  get-contexts      Describe one or many contexts
  set-context       Set the namespace of the current context (--current --namespace=NAME)
  view              Display the kubeconfig (--minify)

Usage:
  kubectl config SUBCOMMAND [options]`,
  flags: [
    { name: 'current', type: 'bool' },
    { name: 'minify', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'raw', type: 'bool' },
    { name: 'flatten', type: 'bool' },
  ],
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    const { args, flags } = parseArgs(rest, this.flags);
    const context = `kubelab-${ctx.session.clusterName}`;
    switch (sub) {
      case 'current-context':
        ctx.io.out(`${context}\n`);
        return 0;
      case 'get-contexts': {
        const rows = [
          ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'],
          ['*', context, context, context, ctx.session.namespace],
        ];
        ctx.io.out(new TabWriter().format(rows));
        return 0;
      }
      case 'set-context': {
        if (!flags.current && args[0] !== context)
          throw new KubectlError(
            `the lab has one context (${context}): use kubectl config set-context --current --namespace=NAME`,
          );
        const ns = flags.namespace as string | undefined;
        if (ns !== undefined) ctx.session.namespace = ns || 'default';
        ctx.io.out(`Context "${context}" modified.\n`);
        return 0;
      }
      case 'view': {
        const doc = {
          apiVersion: 'v1',
          clusters: [
            {
              cluster: {
                'certificate-authority-data': 'DATA+OMITTED',
                server: 'https://kubernetes.default.svc',
              },
              name: context,
            },
          ],
          contexts: [
            {
              context: { cluster: context, namespace: ctx.session.namespace, user: context },
              name: context,
            },
          ],
          'current-context': context,
          kind: 'Config',
          preferences: {},
          users: [{ name: context, user: { token: 'REDACTED' } }],
        };
        const o = flags.output as string | undefined;
        if (o?.startsWith('jsonpath=')) {
          ctx.io.out(executeTemplate(o.slice(9), doc));
        } else ctx.io.out(o === 'json' ? toGoJson(doc) : toGoYaml(doc));
        return 0;
      }
      default:
        throw new KubectlError(
          sub ? `"${sub}" is not available in the lab` : 'config needs a subcommand',
          'Available: current-context, get-contexts, set-context --current --namespace=NAME, view',
        );
    }
  },
};

register(apiResources, version, clusterInfo, config);
