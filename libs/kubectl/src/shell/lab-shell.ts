import type { CommandIO } from '../io';
import { runKubectl } from '../kubectl';
import type { KubectlSession } from '../session';
import { ShellSyntaxError, parseScript, type SimpleCommand } from './parse';
import { TOOLS } from './text-tools';

// The lab terminal's shell: runs what the learner typed — kubectl (and `k`, and any alias),
// pipes between commands, here-documents, `> file` into the lab's saved files, a few text tools,
// and `kubectl exec -it POD -- sh`, which turns the prompt into the container's shell (each line
// runs in the container; `exit` comes back).

export interface ShellHost {
  /** `> name`: keeps the text as a lab file. */
  saveFile?(name: string, text: string): void | Promise<void>;
  /** `clear`. */
  clear?(): void;
}

export interface ContainerShell {
  pod: string;
  container?: string;
  namespace: string;
}

const BUILTINS = [
  'kubectl',
  'k',
  'alias',
  'unalias',
  'clear',
  'history',
  'help',
  'cat',
  'ls',
  'sleep',
  'exit',
  'true',
  'false',
  ...Object.keys(TOOLS),
];

export class LabShell {
  readonly aliases = new Map<string, string[]>([['k', ['kubectl']]]);
  readonly history: string[] = [];
  /** Set while the prompt is a container's shell. */
  container?: ContainerShell;

  constructor(
    readonly session: KubectlSession,
    private readonly host: ShellHost = {},
  ) {}

  prompt(): string {
    if (this.container) return `root@${this.container.pod}:/# `;
    return `${this.session.namespace === 'default' ? '' : `(${this.session.namespace}) `}$ `;
  }

  /** Words the prompt completes at the start of a line. */
  commandNames(): string[] {
    return [...new Set([...BUILTINS, ...this.aliases.keys()])].sort();
  }

  async execute(text: string, io: Omit<CommandIO, 'stdin'>): Promise<number> {
    if (text.trim()) this.history.push(text);
    if (this.container) return this.inContainer(text, io);
    let items;
    try {
      items = parseScript(text);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        io.err(`sh: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    let code = 0;
    for (const item of items) {
      if (item.op === '&&' && code !== 0) continue;
      if (item.op === '||' && code === 0) continue;
      code = await this.pipeline(item.pipeline, io);
      if (io.signal.aborted) return 130;
    }
    return code;
  }

  private async pipeline(cmds: SimpleCommand[], io: Omit<CommandIO, 'stdin'>): Promise<number> {
    let stdin: string | undefined;
    let code = 0;
    for (let i = 0; i < cmds.length; i++) {
      const cmd = cmds[i]!;
      const last = i === cmds.length - 1;
      let captured = '';
      const sink = !last || cmd.redirect;
      const cio: CommandIO = {
        out: sink ? (t) => (captured += t) : io.out,
        err: io.err,
        stdin: cmd.heredoc ?? stdin,
        signal: io.signal,
      };
      code = await this.simple(cmd.argv, cio);
      if (cmd.redirect) {
        await this.host.saveFile?.(cmd.redirect, captured);
        captured = '';
      }
      stdin = captured;
    }
    return code;
  }

  private async simple(argv: string[], io: CommandIO): Promise<number> {
    const [name, ...rest] = argv;
    const alias = this.aliases.get(name!);
    if (alias && name !== alias[0]) return this.simple([...alias, ...rest], io);
    switch (name) {
      case 'kubectl':
        return this.kubectl(rest, io);
      case 'alias':
        return this.alias(rest, io);
      case 'unalias':
        for (const a of rest) this.aliases.delete(a);
        return 0;
      case 'clear':
        this.host.clear?.();
        return 0;
      case 'history':
        io.out(
          this.history
            .map((h, i) => `${String(i + 1).padStart(5)}  ${h.split('\n')[0]}\n`)
            .join(''),
        );
        return 0;
      case 'help':
        io.out(
          'This terminal runs kubectl against your cluster (k is an alias for it).\n' +
            'Also here: pipes (|), here-documents (cat <<EOF | kubectl apply -f -), > file (saves a lab file),\n' +
            `&&, ||, ;, alias, history, clear, ls and cat (lab files), ${Object.keys(TOOLS).join(', ')}.\n` +
            'Try: kubectl get pods -A, kubectl create deployment web --image=nginx --replicas=3, kubectl --help\n',
        );
        return 0;
      case 'ls':
        io.out((this.session.files?.list() ?? []).map((f) => f + '\n').join(''));
        return 0;
      case 'cat': {
        if (!rest.length || rest[0] === '-') {
          io.out(io.stdin ?? '');
          return 0;
        }
        for (const f of rest) {
          const t = this.session.files?.read(f);
          if (t === undefined) {
            io.err(`cat: ${f}: No such file or directory\n`);
            return 1;
          }
          io.out(t);
        }
        return 0;
      }
      case 'sleep': {
        const s = Number(rest[0] ?? 0);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(s, 60) * 1000);
          io.signal.addEventListener('abort', () => (clearTimeout(t), r()));
        });
        return io.signal.aborted ? 130 : 0;
      }
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'exit':
        io.err('exit: this is the lab terminal; close the tab to leave\n');
        return 0;
      default: {
        const tool = TOOLS[name!];
        if (tool) return tool(rest, io);
        io.err(
          `${name}: command not found\n` +
            (name === 'kubeclt' || name === 'kubctl' || name === 'kube'
              ? 'Did you mean kubectl?\n'
              : `This terminal runs kubectl; type help for what else it knows.\n`),
        );
        return 127;
      }
    }
  }

  private alias(args: string[], io: CommandIO): number {
    if (!args.length) {
      for (const [k, v] of this.aliases) io.out(`alias ${k}='${v.join(' ')}'\n`);
      return 0;
    }
    for (const a of args) {
      const i = a.indexOf('=');
      if (i < 0) {
        const v = this.aliases.get(a);
        if (!v) {
          io.err(`alias: ${a}: not found\n`);
          return 1;
        }
        io.out(`alias ${a}='${v.join(' ')}'\n`);
        continue;
      }
      const words = a
        .slice(i + 1)
        .split(/\s+/)
        .filter(Boolean);
      if (!words.length) this.aliases.delete(a.slice(0, i));
      else this.aliases.set(a.slice(0, i), words);
    }
    return 0;
  }

  private async kubectl(argv: string[], io: CommandIO): Promise<number> {
    // `kubectl exec -it POD -- sh`: the prompt becomes the container's shell.
    const interactive = this.interactiveExec(argv);
    if (interactive) {
      const probe = await runKubectl(
        [
          'exec',
          interactive.pod,
          ...(interactive.container ? ['-c', interactive.container] : []),
          '-n',
          interactive.namespace,
          '--',
          'hostname',
        ],
        { session: this.session, io: { ...io, out: () => {} } },
      );
      if (probe !== 0) return probe;
      this.container = interactive;
      return 0;
    }
    return runKubectl(argv, { session: this.session, io });
  }

  private interactiveExec(argv: string[]): ContainerShell | undefined {
    if (argv[0] !== 'exec') return undefined;
    const dash = argv.indexOf('--');
    if (dash < 0) return undefined;
    const before = argv.slice(1, dash);
    const command = argv.slice(dash + 1);
    const tty = before.some(
      (a) => /^-[a-z]*[it][a-z]*$/.test(a) || a === '--stdin' || a === '--tty',
    );
    if (!tty || command.length !== 1 || !/^(\/bin\/)?(sh|bash|ash)$/.test(command[0]!))
      return undefined;
    let pod: string | undefined;
    let container: string | undefined;
    let namespace = this.session.namespace;
    for (let i = 0; i < before.length; i++) {
      const a = before[i]!;
      if (a === '-c' || a === '--container') container = before[++i];
      else if (a.startsWith('--container=')) container = a.slice(12);
      else if (a === '-n' || a === '--namespace') namespace = before[++i]!;
      else if (a.startsWith('--namespace=')) namespace = a.slice(12);
      else if (!a.startsWith('-')) pod = a;
    }
    return pod ? { pod, container, namespace } : undefined;
  }

  private async inContainer(text: string, io: Omit<CommandIO, 'stdin'>): Promise<number> {
    const line = text.trim();
    if (!line) return 0;
    if (line === 'exit' || line === 'logout') {
      this.container = undefined;
      return 0;
    }
    const c = this.container!;
    return runKubectl(
      [
        'exec',
        c.pod,
        ...(c.container ? ['-c', c.container] : []),
        '-n',
        c.namespace,
        '--',
        'sh',
        '-c',
        line,
      ],
      {
        session: this.session,
        io: {
          ...io,
          err: (t) => (t.startsWith('command terminated with exit code') ? undefined : io.err(t)),
        },
      },
    );
  }
}
