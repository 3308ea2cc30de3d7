// Progress output for the bootstrap scripts: one line per step, with its duration.
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint('1');
export const dim = paint('2');
export const green = paint('32');
export const red = paint('31');
export const yellow = paint('33');
export const cyan = paint('36');

export function info(msg) {
  console.log(`${cyan('•')} ${msg}`);
}
export function warn(msg) {
  console.log(`${yellow('!')} ${msg}`);
}
export function fail(msg) {
  console.error(`${red('✖')} ${msg}`);
}

/** Runs an async step, printing its name, then ✔ with the time taken, or ✖ with the error. */
export async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`${cyan('…')} ${name}\n`);
  try {
    const detail = await fn();
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${green('✔')} ${name}${detail ? dim(` — ${detail}`) : ''} ${dim(`(${secs}s)`)}`);
    return detail;
  } catch (e) {
    fail(`${name}: ${e.message}`);
    throw e;
  }
}

export class StepError extends Error {}
