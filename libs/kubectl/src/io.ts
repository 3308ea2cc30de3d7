/** Where a command writes, and what it reads. Output is text with `\n` line ends. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, when the command line had one (a heredoc, `cat file |`). */
  stdin?: string;
  /** Ctrl-C. */
  signal: AbortSignal;
}

/** Collects a command's output, for tests and for `--dry-run -o yaml | kubectl apply -f -`. */
export function bufferIO(signal: AbortSignal = new AbortController().signal, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    stdin,
    signal,
  };
  return {
    io,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
