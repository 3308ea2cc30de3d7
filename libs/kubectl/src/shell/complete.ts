import { command, allCommands } from '../commands/registry';
import type { KubectlSession } from '../session';
import { parseScript } from './parse';

// Tab completion for the lab terminal: commands, kubectl verbs, resource types (from the
// cluster's discovery), object names (from what the lab already knows), and flags of the verb.

export interface Completion {
  /** Where the word being completed starts in the line. */
  from: number;
  candidates: string[];
}

export interface CompletionSources {
  session: KubectlSession;
  commandNames: string[];
  aliases: Map<string, string[]>;
  /** Names of objects of a kind the lab has (namespace-filtered when namespaced). */
  objectNames(kind: string, namespace: string): string[];
}

const SUBCOMMANDS: Record<string, string[]> = {
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  create: ['configmap', 'deployment', 'job', 'namespace', 'secret', 'service', 'serviceaccount'],
  config: ['current-context', 'get-contexts', 'set-context', 'view'],
  set: ['image'],
};

const TAKES_TYPE = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'scale',
  'expose',
  'explain',
  'rollout',
  'logs',
  'exec',
  'set',
]);

export async function complete(
  line: string,
  cursor: number,
  src: CompletionSources,
): Promise<Completion> {
  const before = line.slice(0, cursor);
  const start = Math.max(before.lastIndexOf(' '), before.lastIndexOf('|')) + 1;
  const word = before.slice(start);
  let words: string[];
  try {
    const items = parseScript(before.slice(0, start) + 'x');
    const last = items[items.length - 1]?.pipeline;
    words = (last?.[last.length - 1]?.argv ?? []).slice(0, -1);
  } catch {
    return { from: start, candidates: [] };
  }
  const match = (list: Iterable<string>) =>
    [...new Set(list)].filter((c) => c.startsWith(word)).sort();
  if (!words.length) return { from: start, candidates: match(src.commandNames) };
  const expanded = src.aliases.get(words[0]!) ?? [words[0]!];
  const argv = [...expanded, ...words.slice(1)];
  if (argv[0] !== 'kubectl') return { from: start, candidates: [] };
  const rest = argv.slice(1).filter((a) => !a.startsWith('-'));
  const verb = rest[0];
  if (!verb) {
    if (word.startsWith('-')) return { from: start, candidates: match(['--namespace', '--help']) };
    return { from: start, candidates: match(allCommands().map((c) => c.name)) };
  }
  const cmd = command(verb);
  if (word.startsWith('-')) {
    const flags = (cmd?.flags ?? []).map((f) => `--${f.name}`);
    return { from: start, candidates: match([...flags, '--namespace', '--help']) };
  }
  const prev = argv[argv.length - 1];
  const nsFlag = argv.findIndex((a) => a === '-n' || a === '--namespace');
  const namespace =
    nsFlag >= 0 ? (argv[nsFlag + 1] ?? src.session.namespace) : src.session.namespace;
  if (prev === '-n' || prev === '--namespace')
    return { from: start, candidates: match(src.objectNames('Namespace', '')) };
  if (prev === '-o' || prev === '--output')
    return {
      from: start,
      candidates: match(['json', 'yaml', 'wide', 'name', 'jsonpath=', 'custom-columns=']),
    };
  const args = rest.slice(1);
  const subs = SUBCOMMANDS[verb];
  if (subs && !args.length) return { from: start, candidates: match(subs) };
  const typeArgs = subs ? args.slice(1) : args;
  if (!TAKES_TYPE.has(verb)) return { from: start, candidates: [] };
  const resources = await src.session.client.discovery.preferredResources().catch(() => []);
  // TYPE/NAME
  const slash = word.indexOf('/');
  if (slash > 0) {
    const [r] = await src.session.client.discovery.resolve(word.slice(0, slash)).catch(() => []);
    if (!r) return { from: start, candidates: [] };
    const names = src.objectNames(r.kind, r.namespaced ? namespace : '');
    return { from: start, candidates: match(names.map((n) => `${word.slice(0, slash)}/${n}`)) };
  }
  if (verb === 'logs' || verb === 'exec') {
    if (!typeArgs.length)
      return { from: start, candidates: match(src.objectNames('Pod', namespace)) };
    return { from: start, candidates: [] };
  }
  if (!typeArgs.length) {
    const types = resources.flatMap((r) => [r.resource, ...r.shortNames]);
    return { from: start, candidates: match([...types, ...(verb === 'get' ? ['all'] : [])]) };
  }
  const [r] = await src.session.client.discovery
    .resolve(typeArgs[0]!.split(',')[0]!)
    .catch(() => []);
  if (!r) return { from: start, candidates: [] };
  return { from: start, candidates: match(src.objectNames(r.kind, r.namespaced ? namespace : '')) };
}

/** The longest prefix all candidates share. */
export function commonPrefix(words: string[]): string {
  if (!words.length) return '';
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
