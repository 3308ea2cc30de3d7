import { GoTabWriter } from './tabwriter';

// kubectl's PrefixWriter: every describer writes its text through one, at an indentation level
// of two spaces per level, into a tabwriter that aligns the tab-separated cells.

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

/** printers.WriteEscaped: terminal escapes from object fields are shown, never interpreted. */
const escapeTerminal = (s: string) => s.split('\u001b').join('^[').split('\r').join('\\r');

export class PrefixWriter {
  constructor(private readonly tw: GoTabWriter) {}

  /** Text at an indentation level; it carries its own tabs and line ends. */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level) + text));
  }

  /** fmt.Sprintln: the parts separated by spaces, then a line end; no indentation. */
  writeLine(...parts: string[]): void {
    this.tw.write(escapeTerminal(parts.join(' ') + '\n'));
  }

  /** Ends the current alignment (kubectl does it before an Events table). */
  flush(): void {
    this.tw.flush();
  }
}

/** describe's tabbedString: what `fill` writes, aligned as kubectl aligns it. */
export function tabbedString(fill: (w: PrefixWriter) => void): string {
  const tw = new GoTabWriter(0, 2);
  fill(new PrefixWriter(tw));
  return tw.text();
}
