// Go's text/tabwriter as kubectl configures it (minwidth 6, padding 3, spaces, RememberWidths):
// every cell but a line's last is padded to its column's width; widths are remembered across
// flushes, so the rows `get -w` prints later line up with the header printed first.

const MIN_WIDTH = 6;
const PADDING = 3;

/** Display width: one per code point (kubectl's output is ASCII but for rare names). */
const width = (s: string) => [...s].length;

export class TabWriter {
  private widths: number[] = [];

  /** Formats rows of cells; returns the text, each line ending with `\n`. */
  format(rows: string[][]): string {
    for (const row of rows)
      for (let c = 0; c < row.length - 1; c++)
        this.widths[c] = Math.max(this.widths[c] ?? MIN_WIDTH, width(row[c]!) + PADDING);
    let out = '';
    for (const row of rows) {
      let line = '';
      for (let c = 0; c < row.length; c++) {
        const cell = row[c]!;
        line += c < row.length - 1 ? cell + ' '.repeat(this.widths[c]! - width(cell)) : cell;
      }
      out += line + '\n';
    }
    return out;
  }
}
