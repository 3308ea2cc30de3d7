import type { ContainerInput, Image, ProcessPlan } from './image';
import { MiB } from './util';

// What the base images (busybox, alpine, debian, ...) share: no server of their own; the pod's
// command runs through the shell interpreter; without one, their default command is a shell,
// which exits at once because a container has no terminal.

export interface ShellImageOptions {
  names: string[];
  repositories?: string[];
  sizeBytes: number;
  pullMs: number;
  shell: 'busybox' | 'gnu';
  commands?: string[];
  /** The image's ENTRYPOINT (prepended to `args` when the pod gives no command). */
  entrypoint?: string[];
  /** The image's CMD, used when the pod gives neither command nor args. */
  cmd: string[];
  files?: Image['files'];
  dirs?: string[];
  /** The command line when the pod gives no command (an entrypoint script's choices). */
  argv?: (args: string[] | undefined) => string[];
}

export function shellPlan(argv: string[], c: ContainerInput): ProcessPlan {
  return { logs: [], script: { argv }, memory: { baseBytes: Math.round(0.4 * MiB) }, env: c.env };
}

export function shellImage(o: ShellImageOptions): Image {
  return {
    names: o.names,
    repositories: o.repositories,
    sizeBytes: o.sizeBytes,
    pullMs: o.pullMs,
    // A shell as PID 1 does not handle SIGTERM: it is killed when the grace period ends.
    sigtermMs: Infinity,
    shell: o.shell,
    commands: o.commands,
    files: o.files,
    dirs: o.dirs,
    run(c) {
      const argv = c.command?.length
        ? [...c.command, ...(c.args ?? [])]
        : o.argv
          ? o.argv(c.args)
          : [...(o.entrypoint ?? []), ...(c.args?.length ? c.args : o.cmd)];
      return shellPlan(argv, c);
    },
  };
}
