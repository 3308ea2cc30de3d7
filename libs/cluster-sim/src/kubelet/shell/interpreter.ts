import type { ContainerFs } from '../fs/container-fs';
import { normPath } from '../fs/versioned-files';
import type { DnsAnswer, HttpRequestInit, HttpResult } from '../network-port';
import { ArithError, evalArith } from './arith';
import type { Node, Redirect, Word } from './ast';
import { runCommand, SHELL_BUILTINS } from './commands';
import { parseScript, ShellSyntaxError } from './parser';

// The shell of busybox and debian images on the virtual clock (busybox ash, much reduced). A
// script runs from its container's start to a deadline: `sleep` moves the clock instead of
// waiting, output lines are stamped with the time they are printed, file writes are versions in
// the container's file system. A loop whose state repeats is jumped over (a `while true; do
// echo; sleep 5; done` after a week costs a few iterations, not 120,000), and a process that can
// only block forever says so, so the kubelet never wakes for it.

export interface LogLine {
  t: number;
  line: string;
  stream?: 'stdout' | 'stderr';
}

/** Something an image's own program did when the script ran it (nginx, redis-server, ...). */
export interface ProgramRun {
  stdout?: string;
  stderr?: string;
  code?: number;
  durationMs?: number;
  /** It keeps running as the image's server from now on (the script blocks). */
  daemon?: boolean;
}

export interface ShellNet {
  resolve(name: string, t: number): DnsAnswer | undefined;
  http(url: string, t: number, init?: HttpRequestInit): HttpResult;
}

export interface ShellHost {
  fs: ContainerFs;
  /** The process environment, in the order `env` prints it. */
  env: Record<string, string>;
  hostname: string;
  /** Error wording: busybox's (`sh: x: not found`) or GNU/bash's. */
  flavor: 'busybox' | 'gnu';
  /** Whether the image has this command (applets, coreutils). */
  has(cmd: string): boolean;
  program?(argv: string[], t: number): ProgramRun | undefined;
  net: ShellNet;
  /** uname -a details. */
  kernel?: string;
  podIP?: string;
  /** busybox before 1.29 prints nslookup answers in its old layout. */
  busyboxVersion?: string;
}

export interface RunOptions {
  /** Virtual time the process starts (ms). */
  start: number;
  /** Simulate up to this time; Infinity: until it exits or can only block. */
  deadline: number;
  /** Lines to keep (the most recent). */
  maxLines?: number;
  /** Commands to run at most before giving up (a busy loop). */
  budget?: number;
  stdin?: string;
  /** $0 and positional parameters. */
  argv0?: string;
  args?: string[];
}

export interface Trace {
  lines: LogLine[];
  /** Lines printed but not kept (older than the kept ones). */
  dropped: number;
  exit?: { at: number; code: number };
  /** The process can only block from `reached` on (sleep infinity, a repeating loop, a server). */
  endless?: boolean;
  /** Simulated up to this time. */
  reached: number;
  /** The image's server program took over at this time. */
  daemon?: { at: number; name: string };
  /** Gave up: spinning without sleeping. */
  busy?: boolean;
}

export class ExitSignal {
  constructor(readonly code: number) {}
}
class HorizonSignal {}
export class EndlessSignal {}
class BudgetSignal {}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public n: number,
  ) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}

export interface Sink {
  write(s: string): void;
}

export interface Io {
  out: Sink;
  err: Sink;
  in: string;
}

/** Lines into the container log, stamped with the clock when each line ends. */
class LogSink implements Sink {
  private partial = '';
  constructor(
    private readonly sh: Shell,
    private readonly stream: 'stdout' | 'stderr',
  ) {}
  write(s: string): void {
    const parts = (this.partial + s).split('\n');
    this.partial = parts.pop()!;
    for (const l of parts) this.sh.emit(l, this.stream);
  }
  flush(): void {
    if (this.partial) this.sh.emit(this.partial, this.stream);
    this.partial = '';
  }
}

export class BufSink implements Sink {
  text = '';
  write(s: string): void {
    this.text += s;
  }
}

const NULL_SINK: Sink = { write: () => undefined };

class FileSink implements Sink {
  constructor(
    private readonly sh: Shell,
    private readonly path: string,
  ) {}
  write(s: string): void {
    this.sh.host.fs.write(this.path, s, this.sh.clock, true);
  }
}

const DEFAULT_BUDGET = 100_000;

export class Shell {
  clock: number;
  vars = new Map<string, string>();
  exported = new Set<string>();
  funcs = new Map<string, Node>();
  positional: string[];
  argv0: string;
  status = 0;
  cwd = '/';
  lines: LogLine[] = [];
  dropped = 0;
  private readonly maxLines: number;
  private budget: number;
  daemon?: { at: number; name: string };
  /** End times of background jobs (undefined: never ends). */
  private jobs: (number | undefined)[] = [];
  lastBg = 0;
  readonly deadline: number;
  /** Set while probing a loop condition: no side effects, no output. */
  private dry = false;

  constructor(
    readonly host: ShellHost,
    readonly opts: RunOptions,
  ) {
    this.clock = opts.start;
    this.deadline = opts.deadline;
    this.maxLines = opts.maxLines ?? 2000;
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    for (const [k, v] of Object.entries(host.env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (!this.vars.has('PWD')) this.vars.set('PWD', '/');
    this.vars.set('IFS', ' \t\n');
    this.positional = opts.args ?? [];
    this.argv0 = opts.argv0 ?? 'sh';
  }

  get name(): string {
    return this.host.flavor === 'gnu' ? 'bash' : 'sh';
  }

  emit(line: string, stream: 'stdout' | 'stderr'): void {
    if (this.dry) return;
    this.lines.push({ t: this.clock, line, stream });
    if (this.lines.length > this.maxLines * 2 + 100) {
      const cut = this.lines.length - this.maxLines;
      this.lines.splice(0, cut);
      this.dropped += cut;
    }
  }

  /** Moves the clock on by `ms`; stops the run at the deadline. */
  advance(ms: number): void {
    if (ms === Infinity) throw new EndlessSignal();
    if (this.clock + ms > this.deadline) {
      this.clock = this.deadline;
      throw new HorizonSignal();
    }
    this.clock += ms;
  }

  private tick(): void {
    if (--this.budget < 0) throw new BudgetSignal();
    if (this.clock > this.deadline) throw new HorizonSignal();
  }

  /** Runs a command line (a container's command and args) to the deadline. */
  runArgv(argv: string[]): Trace {
    return this.runMain((io) => {
      this.status = this.exec(argv, io);
    });
  }

  /** Runs a command line with its output captured (kubectl exec, exec probes). */
  runArgvCaptured(argv: string[]): { trace: Trace; stdout: string; stderr: string } {
    const out = new BufSink();
    const err = new BufSink();
    const trace = this.runMain(
      (io) => {
        this.status = this.exec(argv, io);
      },
      { out, err, in: this.opts.stdin ?? '' },
    );
    return { trace, stdout: out.text, stderr: err.text };
  }

  /** Runs `src` to the deadline; the trace of what it did. */
  runScript(src: string, io?: Io): Trace {
    return this.runMain((ioUsed) => {
      let node: Node;
      try {
        node = parseScript(src);
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        ioUsed.err.write(`${this.name}: ${e.message}\n`);
        throw new ExitSignal(2);
      }
      this.run(node, ioUsed);
    }, io);
  }

  private runMain(body: (io: Io) => void, io?: Io): Trace {
    const out = new LogSink(this, 'stdout');
    const err = new LogSink(this, 'stderr');
    const ioUsed = io ?? { out, err, in: this.opts.stdin ?? '' };
    this.errSink = ioUsed.err;
    const trace: Trace = { lines: [], dropped: 0, reached: this.clock };
    try {
      body(ioUsed);
      throw new ExitSignal(this.status);
    } catch (e) {
      if (e instanceof ExitSignal) {
        // Background jobs keep the container's PID 1 alive only if it waits for them.
        trace.exit = { at: this.clock, code: e.code & 255 };
        trace.reached = Infinity;
      } else if (e instanceof HorizonSignal) trace.reached = this.deadline;
      else if (e instanceof EndlessSignal) {
        trace.endless = true;
        trace.reached = Infinity;
      } else if (e instanceof BudgetSignal) {
        trace.busy = true;
        trace.reached = this.clock;
      } else if (e instanceof LoopSignal || e instanceof ReturnSignal) {
        trace.exit = { at: this.clock, code: 0 };
        trace.reached = Infinity;
      } else {
        // A construct the simulated shell does not handle: the script stops here, as a
        // crashing shell would, instead of taking the cluster's reconcile down with it.
        ioUsed.err.write(`${this.name}: ${(e as Error)?.message ?? String(e)}\n`);
        trace.exit = { at: this.clock, code: 2 };
        trace.reached = Infinity;
      }
    }
    out.flush();
    err.flush();
    this.lines.sort((a, b) => a.t - b.t);
    if (this.lines.length > this.maxLines) {
      this.dropped += this.lines.length - this.maxLines;
      this.lines = this.lines.slice(this.lines.length - this.maxLines);
    }
    trace.lines = this.lines.filter(
      (l) => l.t <= Math.min(this.deadline, trace.exit?.at ?? Infinity),
    );
    trace.dropped = this.dropped;
    if (this.daemon) trace.daemon = this.daemon;
    return trace;
  }

  // ---- execution -------------------------------------------------------------------------

  run(node: Node, io: Io): number {
    switch (node.t) {
      case 'list': {
        for (const item of node.items) {
          if (item.bg) this.background(item.node, io);
          else this.run(item.node, io);
        }
        return this.status;
      }
      case 'and':
        this.run(node.left, io);
        if (this.status === 0) this.run(node.right, io);
        return this.status;
      case 'or':
        this.run(node.left, io);
        if (this.status !== 0) this.run(node.right, io);
        return this.status;
      case 'pipe':
        return this.pipeline(node.cmds, node.bang, io);
      case 'cmd':
        return this.simple(node, io);
      case 'if':
        return this.withRedirs(node.redirs, io, (io2) => {
          for (const c of node.clauses) {
            this.run(c.cond, io2);
            if (this.status === 0) return this.run(c.body, io2);
          }
          if (node.otherwise) return this.run(node.otherwise, io2);
          this.status = 0;
          return 0;
        });
      case 'while':
        return this.withRedirs(node.redirs, io, (io2) => this.whileLoop(node, io2));
      case 'for':
        return this.withRedirs(node.redirs, io, (io2) => {
          const items = node.items ? this.expandFields(node.items) : [...this.positional];
          this.status = 0;
          for (const v of items) {
            this.tick();
            this.vars.set(node.name, v);
            try {
              this.run(node.body, io2);
            } catch (e) {
              if (!(e instanceof LoopSignal)) throw e;
              if (e.n > 1) {
                e.n--;
                throw e;
              }
              if (e.kind === 'break') break;
            }
          }
          return this.status;
        });
      case 'case':
        return this.withRedirs(node.redirs, io, (io2) => {
          const w = this.expandString(node.word);
          this.status = 0;
          for (const arm of node.arms) {
            if (arm.patterns.some((p) => globMatch(this.expandPattern(p), w))) {
              if (arm.body) this.run(arm.body, io2);
              break;
            }
          }
          return this.status;
        });
      case 'group':
        return this.withRedirs(node.redirs, io, (io2) =>
          node.subshell ? this.subshell(() => this.run(node.body, io2)) : this.run(node.body, io2),
        );
      case 'func':
        this.funcs.set(node.name, node.body);
        this.status = 0;
        return 0;
    }
  }

  /** Runs `fn` in a copy of the shell's variables; `exit` inside ends only the subshell. */
  subshell(fn: () => number): number {
    const saved = {
      vars: new Map(this.vars),
      exported: new Set(this.exported),
      funcs: new Map(this.funcs),
      cwd: this.cwd,
      positional: [...this.positional],
    };
    try {
      fn();
    } catch (e) {
      if (e instanceof ExitSignal) this.status = e.code & 255;
      else throw e;
    } finally {
      this.vars = saved.vars;
      this.exported = saved.exported;
      this.funcs = saved.funcs;
      this.cwd = saved.cwd;
      this.positional = saved.positional;
    }
    return this.status;
  }

  private background(node: Node, io: Io): void {
    const start = this.clock;
    const status = this.status;
    let end: number | undefined;
    try {
      this.subshell(() => this.run(node, io));
      end = this.clock;
    } catch (e) {
      if (e instanceof EndlessSignal) end = undefined;
      else if (e instanceof HorizonSignal || e instanceof BudgetSignal) end = this.deadline + 1;
      else throw e;
    }
    this.jobs.push(end);
    this.lastBg += 1;
    this.clock = start;
    this.status = status;
  }

  /** `wait`: until every background job has ended. */
  waitJobs(): void {
    if (this.jobs.some((j) => j === undefined)) throw new EndlessSignal();
    const end = Math.max(this.clock, ...(this.jobs as number[]));
    this.jobs = [];
    this.advance(end - this.clock);
  }

  private pipeline(cmds: Node[], bang: boolean, io: Io): number {
    let input = io.in;
    for (let i = 0; i < cmds.length; i++) {
      const last = i === cmds.length - 1;
      const buf = new BufSink();
      const io2: Io = { out: last ? io.out : buf, err: io.err, in: input };
      try {
        this.subshell(() => this.run(cmds[i]!, io2));
      } catch (e) {
        // A blocking producer (`tail -f x | grep y`) still feeds what it printed.
        if (!(e instanceof EndlessSignal) || last) throw e;
      }
      input = buf.text;
    }
    if (bang) this.status = this.status === 0 ? 1 : 0;
    return this.status;
  }

  private whileLoop(node: Extract<Node, { t: 'while' }>, io: Io): number {
    const heads: LoopHead[] = [];
    let status = 0;
    for (;;) {
      this.tick();
      heads.push(this.loopHead());
      if (heads.length > 3) heads.shift();
      if (heads.length === 3 && this.trySkip(heads, node.cond, node.until, io)) heads.length = 0;
      this.run(node.cond, io);
      const go = node.until ? this.status !== 0 : this.status === 0;
      if (!go) break;
      try {
        this.run(node.body, io);
        status = this.status;
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.n > 1) {
          e.n--;
          throw e;
        }
        status = this.status;
        if (e.kind === 'break') break;
      }
    }
    this.status = status;
    return status;
  }

  private loopHead(): LoopHead {
    return {
      t: this.clock,
      vars: Object.fromEntries(this.vars),
      shape: this.host.fs.shape(this.clock),
      cwd: this.cwd,
      lines: this.lines.length + this.dropped,
      jobs: this.jobs.length,
    };
  }

  /**
   * When the last two iterations took the same time and left the same state (up to counters
   * that grow by a constant step), the loop repeats: jump over whole iterations up to the
   * deadline (keeping enough near it for the log), or stop with "endless" when nothing can
   * ever end it.
   */
  private trySkip(h: LoopHead[], cond: Node, until: boolean, io: Io): boolean {
    const [a, b, c] = h as [LoopHead, LoopHead, LoopHead];
    const period = c.t - b.t;
    if (period <= 0 || b.t - a.t !== period) return false;
    if (a.shape !== b.shape || b.shape !== c.shape || a.cwd !== c.cwd) return false;
    if (a.jobs !== c.jobs) return false;
    const steps: Record<string, number> = {};
    const names = new Set([...Object.keys(a.vars), ...Object.keys(c.vars)]);
    for (const n of names) {
      const [x, y, z] = [a.vars[n], b.vars[n], c.vars[n]];
      if (x === y && y === z) continue;
      if (![x, y, z].every((v) => v !== undefined && /^-?\d+$/.test(v))) return false;
      const d1 = Number(y) - Number(x);
      if (d1 === 0 || Number(z) - Number(y) !== d1) return false;
      steps[n] = d1;
    }
    const counters = Object.keys(steps);
    const external = this.host.fs.externalChangeAfter?.(c.t);
    const target = Math.min(this.deadline, external ?? Infinity);
    const perIter = c.lines - b.lines;
    let n: number;
    if (target === Infinity) n = Number.MAX_SAFE_INTEGER;
    else {
      const keep = perIter > 0 ? Math.ceil(this.maxLines / perIter) + 1 : 1;
      n = Math.floor((target - c.t) / period) - keep;
    }
    if (counters.length) {
      if (!pureCondition(cond)) return false;
      // The largest jump after which the condition still holds.
      const holds = (k: number) => {
        const saved = new Map(this.vars);
        for (const v of counters) this.vars.set(v, String(Number(c.vars[v]) + steps[v]! * k));
        this.dry = true;
        const st = this.status;
        try {
          this.run(cond, { out: NULL_SINK, err: NULL_SINK, in: '' });
          return until ? this.status !== 0 : this.status === 0;
        } catch {
          return false;
        } finally {
          this.dry = false;
          this.vars = saved;
          this.status = st;
        }
      };
      let lo = 0;
      let hi = 1;
      while (hi < n && holds(hi)) {
        lo = hi;
        hi *= 2;
        if (hi > 2 ** 45) break;
      }
      if (hi >= 2 ** 45 && target === Infinity) throw new EndlessSignal();
      hi = Math.min(hi, n);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (holds(mid)) lo = mid;
        else hi = mid;
      }
      n = Math.min(n, lo);
    } else if (target === Infinity) {
      throw new EndlessSignal();
    }
    if (n <= 0) return false;
    this.clock = c.t + n * period;
    for (const v of counters) this.vars.set(v, String(Number(this.vars.get(v)) + steps[v]! * n));
    this.dropped += n * perIter;
    void io;
    return true;
  }

  private withRedirs(redirs: Redirect[], io: Io, fn: (io: Io) => number): number {
    if (!redirs.length) return fn(io);
    const io2 = this.redirect(redirs, io);
    if (!io2) {
      this.status = 1;
      return 1;
    }
    return fn(io2);
  }

  /** Applies redirections; undefined (and an error printed) when one cannot be opened. */
  redirect(redirs: Redirect[], io: Io): Io | undefined {
    const fds: Sink[] = [NULL_SINK, io.out, io.err];
    let input = io.in;
    for (const r of redirs) {
      if (r.op === '<<') {
        input = this.expandString(r.target);
        continue;
      }
      const target = this.expandString(r.target);
      if (r.op === '>&') {
        if (target === '-') fds[r.fd] = NULL_SINK;
        else fds[r.fd] = fds[Number(target)] ?? io.err;
        continue;
      }
      if (target === '/dev/null') {
        if (r.op === '<') input = '';
        else fds[r.fd] = NULL_SINK;
        continue;
      }
      if (target === '/dev/stdout') {
        fds[r.fd] = io.out;
        continue;
      }
      if (target === '/dev/stderr') {
        fds[r.fd] = io.err;
        continue;
      }
      const path = normPath(target, this.cwd);
      if (r.op === '<') {
        const c = this.host.fs.read(path, this.clock);
        if (c === undefined) {
          io.err.write(`${this.name}: can't open '${target}': No such file or directory\n`);
          return undefined;
        }
        input = c;
        continue;
      }
      if (this.dry) {
        fds[r.fd] = NULL_SINK;
        continue;
      }
      const e = this.host.fs.write(path, '', this.clock, r.op === '>>');
      if (e) {
        const why =
          e === 'EROFS'
            ? 'Read-only file system'
            : e === 'EISDIR'
              ? 'Is a directory'
              : this.host.flavor === 'gnu'
                ? 'No such file or directory'
                : 'nonexistent directory';
        io.err.write(
          this.host.flavor === 'gnu'
            ? `${this.name}: line 1: ${target}: ${why}\n`
            : `${this.name}: can't create ${target}: ${why}\n`,
        );
        return undefined;
      }
      fds[r.fd] = new FileSink(this, path);
    }
    return { out: fds[1]!, err: fds[2]!, in: input };
  }

  private simple(node: Extract<Node, { t: 'cmd' }>, io: Io): number {
    this.tick();
    let argv: string[];
    try {
      argv = this.expandFields(node.words);
    } catch (e) {
      if (e instanceof ExpansionError) {
        io.err.write(`${this.name}: ${e.message}\n`);
        this.status = e.code;
        if (e.fatal) throw new ExitSignal(e.code);
        return this.status;
      }
      throw e;
    }
    const assigns = node.assigns.map((a) => [a.name, this.expandString(a.value)] as const);
    if (!argv.length) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      const io2 = node.redirs.length ? this.redirect(node.redirs, io) : io;
      this.status = io2 ? this.lastSubstStatus : 1;
      return this.status;
    }
    const io2 = node.redirs.length ? this.redirect(node.redirs, io) : io;
    if (!io2) {
      this.status = 1;
      return 1;
    }
    // Assignments before a command are its environment only.
    const saved = assigns.map(([k]) => [k, this.vars.get(k), this.exported.has(k)] as const);
    for (const [k, v] of assigns) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    try {
      this.status = this.exec(argv, io2);
    } finally {
      if (!SPECIAL_BUILTINS.has(argv[0]!))
        for (const [k, v, ex] of saved) {
          if (v === undefined) this.vars.delete(k);
          else this.vars.set(k, v);
          if (!ex) this.exported.delete(k);
        }
    }
    return this.status;
  }

  /** Runs one command by name: function, builtin, applet, the image's program, or not found. */
  exec(argv: string[], io: Io): number {
    const name = argv[0]!;
    const fn = this.funcs.get(name);
    if (fn) {
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        this.run(fn, io);
      } catch (e) {
        if (!(e instanceof ReturnSignal)) throw e;
        this.status = e.code;
      } finally {
        this.positional = saved;
      }
      return this.status;
    }
    if (this.dry && !PURE.has(name)) return 0;
    return runCommand(this, argv, io);
  }

  /** `sh -c`, `sh file`, `eval`, `.`: a nested script in this shell (or a subshell). */
  nested(src: string, io: Io, sub: boolean, args?: string[]): number {
    let node: Node;
    try {
      node = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err.write(`${this.name}: ${e.message}\n`);
      this.status = 2;
      return 2;
    }
    const go = () => {
      const saved = this.positional;
      if (args) this.positional = args;
      try {
        return this.run(node, io);
      } finally {
        if (args) this.positional = saved;
      }
    };
    return sub ? this.subshell(go) : go();
  }

  signal(kind: 'break' | 'continue' | 'return' | 'exit', n: number): never {
    if (kind === 'return') throw new ReturnSignal(n);
    if (kind === 'exit') throw new ExitSignal(n);
    throw new LoopSignal(kind, Math.max(1, n));
  }

  endless(): never {
    throw new EndlessSignal();
  }

  // ---- expansion -------------------------------------------------------------------------

  private lastSubstStatus = 0;

  private varValue(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return '1';
      case '!':
        return this.lastBg ? String(100 + this.lastBg) : '';
      case '#':
        return String(this.positional.length);
      case '@':
      case '*':
        return this.positional.join(' ');
      case '0':
        return this.argv0;
      case '-':
        return '';
      case 'RANDOM':
        return String(Math.floor(this.clock * 7919) % 32768);
      case 'SECONDS':
        return String(Math.floor((this.clock - this.opts.start) / 1000));
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  /** Expands one word to pieces: text, and whether it may be split into fields and globbed. */
  private pieces(word: Word): { text: string; split: boolean }[] {
    const out: { text: string; split: boolean }[] = [];
    for (const p of word) {
      switch (p.k) {
        case 'lit':
          out.push({ text: p.v, split: false });
          if (!p.q && /[*?[]/.test(p.v)) out[out.length - 1]!.split = false;
          break;
        case 'var': {
          if (!p.q && (p.name === '@' || p.name === '*') && !p.op) {
            out.push({ text: this.positional.join(' '), split: true });
            break;
          }
          out.push({ text: this.expandVar(p.name, p.op, p.arg), split: !p.q });
          break;
        }
        case 'cmd': {
          const buf = new BufSink();
          const st = this.status;
          this.subshell(() =>
            this.run(p.body, { out: buf, err: this.errSink ?? NULL_SINK, in: '' }),
          );
          this.lastSubstStatus = this.status;
          this.status = st;
          out.push({ text: buf.text.replace(/\n+$/, ''), split: !p.q });
          break;
        }
        case 'arith': {
          const expr = this.expandString([{ k: 'lit', v: p.expr, q: true }], true);
          try {
            out.push({
              text: String(
                evalArith(expr, {
                  get: (n) => this.varValue(n),
                  set: (n, v) => this.vars.set(n, v),
                }),
              ),
              split: !p.q,
            });
          } catch (e) {
            if (e instanceof ArithError)
              throw new ExpansionError(`arithmetic syntax error`, 2, true);
            throw e;
          }
          break;
        }
      }
    }
    return out;
  }

  /** Where expansion errors print (the current command's stderr). */
  errSink?: Sink;

  private expandVar(name: string, op?: string, arg?: Word): string {
    const v = this.varValue(name);
    if (!op) return v ?? '';
    if (op === '#len') return String((v ?? '').length);
    const empty = v === undefined || (op.startsWith(':') && v === '');
    const argText = () => (arg ? this.expandString(arg) : '');
    switch (op) {
      case '-':
      case ':-':
        return empty ? argText() : v!;
      case '=':
      case ':=':
        if (empty) {
          const a = argText();
          this.vars.set(name, a);
          return a;
        }
        return v!;
      case '+':
      case ':+':
        return empty ? '' : argText();
      case '?':
      case ':?':
        if (empty)
          throw new ExpansionError(`${name}: ${argText() || 'parameter not set'}`, 1, true);
        return v!;
      case '#':
      case '##':
      case '%':
      case '%%': {
        const pat = globRegexSource(this.expandPattern(arg ?? []));
        const s = v ?? '';
        if (op[0] === '#') {
          const re = new RegExp(`^(${op === '##' ? pat : lazy(pat)})`);
          return s.replace(re, '');
        }
        // Shortest/longest suffix: try each start position.
        const starts =
          op === '%%' ? [...Array(s.length + 1).keys()] : [...Array(s.length + 1).keys()].reverse();
        for (const i of starts)
          if (new RegExp(`^(?:${pat})$`).test(s.slice(i))) return s.slice(0, i);
        return s;
      }
    }
    return v ?? '';
  }

  /** A pattern word: quoted parts are literal, unquoted keep their glob characters. */
  private expandPattern(word: Word): string {
    return this.pieces(word)
      .map((p, i) => (word[i]?.q ? p.text.replace(/[*?[\]\\]/g, '\\$&') : p.text))
      .join('');
  }

  expandString(word: Word, _arith = false): string {
    return this.pieces(word)
      .map((p) => p.text)
      .join('');
  }

  expandFields(words: Word[]): string[] {
    const fields: string[] = [];
    const ifs = this.vars.get('IFS') ?? ' \t\n';
    for (const w of words) {
      const pieces = this.pieces(w);
      let cur: string | undefined;
      let globbable = false;
      const local: string[] = [];
      for (let i = 0; i < pieces.length; i++) {
        const p = pieces[i]!;
        const part = w[i];
        if (p.split && ifs) {
          const parts = p.text.split(new RegExp(`[${escapeClass(ifs)}]+`));
          parts.forEach((s, j) => {
            if (j > 0) {
              if (cur !== undefined && cur !== '') local.push(cur);
              cur = undefined;
            }
            if (s !== '' || j === 0) cur = (cur ?? '') + s;
          });
          if (/[*?]/.test(p.text)) globbable = true;
        } else {
          cur = (cur ?? '') + p.text;
          if (part?.k === 'lit' && !part.q && /[*?[]/.test(part.v)) globbable = true;
          if (part && part.q && cur === '') cur = '';
        }
      }
      if (cur !== undefined && (cur !== '' || w.some((p) => p.q))) local.push(cur);
      for (const f of local) {
        if (globbable && /[*?[]/.test(f)) {
          const matches = this.glob(f);
          if (matches.length) {
            fields.push(...matches);
            continue;
          }
        }
        fields.push(f);
      }
    }
    return fields;
  }

  private glob(pattern: string): string[] {
    const abs = pattern.startsWith('/');
    const segs = pattern.split('/').filter(Boolean);
    let paths = [abs ? '/' : this.cwd];
    for (const seg of segs) {
      const next: string[] = [];
      for (const dir of paths) {
        if (!/[*?[]/.test(seg)) {
          const p = normPath(seg, dir);
          if (this.host.fs.stat(p, this.clock)) next.push(p);
          continue;
        }
        const re = new RegExp(`^${globRegexSource(seg)}$`);
        for (const n of this.host.fs.list(dir, this.clock) ?? [])
          if (re.test(n) && (!n.startsWith('.') || seg.startsWith('.')))
            next.push(normPath(n, dir));
      }
      paths = next;
    }
    if (!abs) {
      const base = this.cwd === '/' ? '/' : `${this.cwd}/`;
      return paths.map((p) => (p.startsWith(base) ? p.slice(base.length) : p)).sort();
    }
    return paths.sort();
  }
}

interface LoopHead {
  t: number;
  vars: Record<string, string>;
  shape: string;
  cwd: string;
  lines: number;
  jobs: number;
}

class ExpansionError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

/** Builtins whose assignments stay (POSIX special builtins). */
const SPECIAL_BUILTINS = new Set([
  'export',
  'readonly',
  'set',
  'unset',
  ':',
  'eval',
  '.',
  'exec',
  'exit',
  'return',
  'shift',
  'trap',
  'break',
  'continue',
]);

/** Commands safe to run while probing a loop condition. */
const PURE = new Set(['test', '[', '[[', 'true', 'false', ':', 'expr']);

function pureCondition(n: Node): boolean {
  switch (n.t) {
    case 'cmd':
      return (
        !n.redirs.length &&
        n.words.length > 0 &&
        n.words[0]!.every((p) => p.k === 'lit') &&
        PURE.has(n.words[0]!.map((p) => (p.k === 'lit' ? p.v : '')).join('')) &&
        n.words.every((w) => w.every((p) => p.k !== 'cmd'))
      );
    case 'and':
    case 'or':
      return pureCondition(n.left) && pureCondition(n.right);
    case 'list':
      return n.items.every((i) => !i.bg && pureCondition(i.node));
    case 'pipe':
      return n.cmds.length === 1 && pureCondition(n.cmds[0]!);
    default:
      return false;
  }
}

const escapeClass = (s: string) =>
  s
    .replace(/[\\\]^-]/g, '\\$&')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n');

/** A shell glob as a regular expression source (*, ?, [...], \x). */
export function globRegexSource(g: string): string {
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '\\' && i + 1 < g.length) out += g[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        out += `[${g.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

const lazy = (src: string) => src.replace(/\.\*/g, '.*?');

export function globMatch(pattern: string, s: string): boolean {
  return new RegExp(`^${globRegexSource(pattern)}$`, 's').test(s);
}

export { SHELL_BUILTINS };
