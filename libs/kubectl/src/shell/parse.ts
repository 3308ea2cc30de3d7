// The lab terminal's command language: a small part of POSIX sh, enough for what learners type
// around kubectl — quotes and escapes, pipes (`cat <<EOF | kubectl apply -f -`,
// `kubectl get pods | grep web`), `;`, `&&`, `||`, here-documents, and `> file` to save output
// as a lab file. No variables, globs or subshells: they are refused with a clear message.

export interface SimpleCommand {
  argv: string[];
  /** Here-document body fed to stdin. */
  heredoc?: string;
  /** `> name`: standard output goes to this lab file. */
  redirect?: string;
}

export interface ListItem {
  /** How this pipeline joins the previous one. */
  op: ';' | '&&' | '||' | null;
  pipeline: SimpleCommand[];
}

export class ShellSyntaxError extends Error {}

type Token =
  | { t: 'word'; v: string }
  | { t: 'op'; v: '|' | ';' | '&&' | '||' | '>' }
  | { t: 'heredoc'; delim: string; strip: boolean };

/** Splits one logical line into words and operators. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) out.push({ t: 'word', v: word });
    word = null;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected end of line: unterminated quote (')");
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          s += line[j + 1];
          j += 2;
        } else s += line[j++];
      }
      if (j >= line.length)
        throw new ShellSyntaxError('unexpected end of line: unterminated quote (")');
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 2;
    } else if (c === '#' && word === null) {
      break; // a comment
    } else if (c === '|' || c === ';' || c === '&' || c === '>') {
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if (c === '&') {
        throw new ShellSyntaxError('background jobs (&) are not available in the lab terminal');
      } else {
        out.push({ t: 'op', v: c as '|' | ';' | '>' });
        i++;
      }
    } else if (c === '<' && line[i + 1] === '<') {
      flush();
      let j = i + 2;
      const strip = line[j] === '-';
      if (strip) j++;
      while (line[j] === ' ') j++;
      let delim = '';
      const q = line[j];
      if (q === "'" || q === '"') {
        const end = line.indexOf(q, j + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated here-document delimiter');
        delim = line.slice(j + 1, end);
        j = end + 1;
      } else {
        while (j < line.length && !' \t|;&<>'.includes(line[j]!)) delim += line[j++];
      }
      if (!delim) throw new ShellSyntaxError('a here-document needs a delimiter, as in <<EOF');
      out.push({ t: 'heredoc', delim, strip });
      i = j;
    } else if (c === '<') {
      throw new ShellSyntaxError('input redirection (<) is not available; use cat <<EOF instead');
    } else if (c === '$' && (line[i + 1] === '(' || /[A-Za-z_{]/.test(line[i + 1] ?? ''))) {
      throw new ShellSyntaxError('shell variables and $(…) are not available in the lab terminal');
    } else if (c === '`') {
      throw new ShellSyntaxError('command substitution (`…`) is not available in the lab terminal');
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return out;
}

/** Here-documents still waiting for their closing line, or an open quote: the terminal reads on. */
export function needsMoreInput(text: string): boolean {
  try {
    parseScript(text);
    return false;
  } catch (e) {
    return e instanceof IncompleteInput;
  }
}

class IncompleteInput extends ShellSyntaxError {}

/** Parses what the learner typed (possibly several lines: here-document bodies). */
export function parseScript(text: string): ListItem[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const items: ListItem[] = [];
  let n = 0;
  while (n < lines.length) {
    let line = lines[n++]!;
    // A trailing backslash continues the line.
    while (line.endsWith('\\') && !line.endsWith('\\\\')) {
      if (n >= lines.length) throw new IncompleteInput('line continues');
      line = line.slice(0, -1) + lines[n++]!;
    }
    if (!line.trim()) continue;
    let tokens: Token[];
    try {
      tokens = tokenize(line);
    } catch (e) {
      if (e instanceof ShellSyntaxError && /unterminated quote/.test(e.message))
        throw new IncompleteInput(e.message);
      throw e;
    }
    // Here-document bodies follow the line, in order of their operators.
    const bodies: string[] = [];
    for (const t of tokens) {
      if (t.t !== 'heredoc') continue;
      const body: string[] = [];
      for (;;) {
        if (n >= lines.length) throw new IncompleteInput(`here-document waits for ${t.delim}`);
        const l = lines[n++]!;
        const candidate = t.strip ? l.replace(/^\t+/, '') : l;
        if (candidate === t.delim || candidate.trim() === t.delim) break;
        body.push(t.strip ? l.replace(/^\t+/, '') : l);
      }
      bodies.push(body.length ? body.join('\n') + '\n' : '');
    }
    let op: ListItem['op'] = items.length ? ';' : null;
    let pipeline: SimpleCommand[] = [];
    let cmd: SimpleCommand = { argv: [] };
    let expectRedirect = false;
    const endCommand = () => {
      if (!cmd.argv.length) throw new ShellSyntaxError('syntax error: a command is missing');
      pipeline.push(cmd);
      cmd = { argv: [] };
    };
    for (const t of tokens) {
      if (expectRedirect) {
        if (t.t !== 'word') throw new ShellSyntaxError('syntax error: > needs a file name');
        cmd.redirect = t.v;
        expectRedirect = false;
      } else if (t.t === 'word') cmd.argv.push(t.v);
      else if (t.t === 'heredoc') cmd.heredoc = bodies.shift();
      else if (t.v === '>') expectRedirect = true;
      else if (t.v === '|') endCommand();
      else {
        endCommand();
        items.push({ op, pipeline });
        op = t.v;
        pipeline = [];
      }
    }
    if (expectRedirect) throw new ShellSyntaxError('syntax error: > needs a file name');
    if (cmd.argv.length) endCommand();
    else if (pipeline.length) throw new IncompleteInput('the line ends with |');
    if (pipeline.length) items.push({ op, pipeline });
    else if (op === '&&' || op === '||') throw new IncompleteInput(`the line ends with ${op}`);
  }
  return items;
}
