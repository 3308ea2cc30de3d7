import { FlagError, parseArgs } from './cli/flags';
import type { CommandContext } from './commands/command';
import { allCommands, command } from './commands/registry';
import { ApiError, KubectlError, formatApiError } from './errors';
import { ResourceNotFound } from './resources/discovery';
import { JsonPathError } from './printers/jsonpath';
import './commands/all';

// `kubectl <verb> …`: finds the verb, runs it, and turns failures into the text kubectl prints
// and its exit code (1).

/** Verbs of the real kubectl that the lab does not offer, with the nearest thing it does. */
const UNSUPPORTED: Record<string, string> = {
  'port-forward':
    'port-forward is not available in the simulator; reach a Service from inside the cluster instead: kubectl exec <pod> -- wget -qO- http://<service>',
  proxy: 'kubectl proxy is not available in the lab; use kubectl get --raw <path>',
  attach: 'attach is not available in the lab; use kubectl logs -f <pod>',
  cp: 'cp is not available in the lab; use kubectl exec <pod> -- cat <file>',
  debug: 'debug is not available in the lab; use kubectl describe pod <pod> and kubectl logs <pod>',
  auth: 'in the lab you are the cluster administrator: every action is allowed',
  certificate: 'certificates are not available in the simulator',
  plugin: 'plugins are not available in the lab',
  kustomize: 'kustomize is not available in the lab; apply the manifests with kubectl apply -f',
  diff: 'diff is not available in the lab; try kubectl apply --dry-run=server -f <file>',
  wait: 'wait is not available in the lab; try kubectl rollout status deployment/<name> or kubectl get pods -w',
  replace: 'replace is not available in the lab; use kubectl apply -f <file>',
  patch:
    'patch is not available in the lab; use kubectl edit, kubectl apply -f, or kubectl label/annotate/scale/set image',
  run: 'run is not available yet; try kubectl create deployment <name> --image=<image>',
};

export { KUBECTL_VERSION } from './kubectl-version';

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word, o);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(
        dp[i - 1]![j]! + 1,
        dp[i]![j - 1]! + 1,
        dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return dp[a.length]![b.length]!;
}

function topHelp(): string {
  const lines = allCommands()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => `  ${c.name.padEnd(15)}${c.summary}`);
  return `kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nCommands available in the lab:\n${lines.join('\n')}\n\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\n`;
}

/** Runs `kubectl` with these arguments (without the leading `kubectl`). */
export async function runKubectl(argv: string[], ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  // Global flags may come before the verb (`kubectl -n kube-system get pods`).
  let i = 0;
  const lead: string[] = [];
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i]!;
    lead.push(a);
    i++;
    if (
      (a === '-n' || a === '--namespace' || a === '--context' || a === '--kubeconfig') &&
      i < argv.length
    )
      lead.push(argv[i++]!);
  }
  const verb = argv[i];
  if (!verb) {
    io.out(topHelp());
    return lead.some((a) => a === '-h' || a === '--help') ? 0 : 0;
  }
  const rest = [...lead, ...argv.slice(i + 1)];
  const cmd = command(verb);
  if (!cmd) {
    if (UNSUPPORTED[verb]) {
      io.err(`error: "${verb}" is not supported in the kubelab terminal. ${UNSUPPORTED[verb]}\n`);
      return 1;
    }
    const near = closest(verb, [...allCommands().map((c) => c.name)]);
    io.err(
      `error: unknown command "${verb}" for "kubectl"${near ? `\n\nDid you mean this?\n\t${near}\n` : '\n'}`,
    );
    return 1;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(cmd.help.endsWith('\n') ? cmd.help : cmd.help + '\n');
      return 0;
    }
    return await cmd.run(rest, ctx);
  } catch (e) {
    if (e instanceof ApiError) io.err(formatApiError(e));
    else if (e instanceof FlagError)
      io.err(`error: ${e.message}\nSee 'kubectl ${verb} --help' for usage.\n`);
    else if (e instanceof KubectlError)
      io.err(`error: ${e.message}\n${e.hint ? `${e.hint}\n` : ''}`);
    else if (e instanceof ResourceNotFound) io.err(`error: ${e.message}\n`);
    else if (e instanceof JsonPathError) io.err(`error: error parsing jsonpath: ${e.message}\n`);
    else if (ctx.io.signal.aborted) return 130;
    else io.err(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Checks flags without running (for tab completion and tests). */
export function parseFor(verb: string, argv: string[]) {
  const cmd = command(verb);
  if (!cmd) throw new KubectlError(`unknown command "${verb}"`);
  return parseArgs(argv, cmd.flags);
}
