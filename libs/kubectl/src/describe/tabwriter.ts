// Go's text/tabwriter, as kubectl describe sets it up (minwidth 0, padding 2, padded with
// spaces, no flags). Describe output depends on its exact rules, which the simpler table writer
// of `get` does not follow:
// - a cell is text ended by a tab; the text after a line's last tab is not in any column;
// - a column block is a run of consecutive lines that all have a cell in that column, and each
//   block gets its own width (so `Labels:` continuation lines align with the lines around them);
// - a line without any tab flushes everything before it, starting the alignment afresh;
// - Flush() does the same on demand (kubectl flushes before the Events table).

interface Cell {
  /** Length of the cell's text in the buffer (UTF-16 units). */
  size: number;
  /** Display width: Go counts runes, so code points here. */
  width: number;
  /** Ended by a tab (rather than a line end). */
  htab: boolean;
}

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class GoTabWriter {
  private out = '';
  /** Text of the cells not yet written. */
  private buf = '';
  /** How much of buf the current cell's width already counts. */
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  /** Widths of the enclosing columns while format() recurses. */
  private widths: number[] = [];

  constructor(
    private readonly minWidth = 0,
    private readonly padding = 2,
  ) {}

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.append(text.slice(n, i));
      this.updateWidth();
      n = i + 1;
      const cells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        // A line of a single cell cannot affect the alignment of the lines after it.
        if (ch === '\f' || cells === 1) this.flush();
      }
    }
    this.append(text.slice(n));
  }

  /** Writes out everything buffered, aligned. */
  flush(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buf = '';
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  /** Flushes and returns all the text written so far. */
  text(): string {
    this.flush();
    return this.out;
  }

  private append(s: string): void {
    this.buf += s;
    this.cell.size += s.length;
  }

  private updateWidth(): void {
    this.cell.width += codePoints(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  /** Aligns lines [line0, line1) from column widths.length on; returns the new buffer position. */
  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let th = line0; th < line1; th++) {
      if (column >= this.lines[th]!.length - 1) continue;
      // This line starts a block of lines with a cell in this column.
      pos = this.writeLines(pos, line0, th);
      line0 = th;
      let width = this.minWidth;
      for (; th < line1; th++) {
        const line = this.lines[th]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.padding);
      }
      this.widths.push(width);
      pos = this.format(pos, line0, th);
      this.widths.pop();
      line0 = th;
    }
    return this.writeLines(pos, line0, line1);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((c, j) => {
        this.out += this.buf.slice(pos, pos + c.size);
        pos += c.size;
        if (j < this.widths.length) this.out += ' '.repeat(this.widths[j]! - c.width);
      });
      if (i + 1 === this.lines.length) {
        // The line being written has no line end yet.
        this.out += this.buf.slice(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else this.out += '\n';
    }
    return pos;
  }
}
