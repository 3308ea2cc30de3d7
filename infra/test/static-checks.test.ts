// The repository's own promises, checked on every `npm test`: strict TypeScript compiles in every
// project (the runtime strips types, so only this catches type errors), ESLint is clean, and
// Prettier has nothing to change.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

const projects = ['libs', 'apps'].flatMap((d) =>
  fs
    .readdirSync(path.join(root, d))
    .map((p) => `${d}/${p}`)
    .filter((p) => fs.existsSync(path.join(root, p, 'tsconfig.json'))),
);

async function check(cmd: string, args: string[]): Promise<string> {
  try {
    await run(cmd, args, { cwd: root, maxBuffer: 32 * 1024 * 1024 });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || String(e);
  }
}

describe('repository hygiene', () => {
  it.each(projects)(
    '%s type-checks under strict TypeScript',
    async (project) => {
      expect(await check(bin('tsc'), ['-p', path.join(project, 'tsconfig.json')])).toBe('');
    },
    180_000,
  );

  it('is clean under ESLint', async () => {
    expect(await check(bin('eslint'), ['.', '--max-warnings', '0'])).toBe('');
  }, 180_000);

  it('is formatted with Prettier', async () => {
    expect(await check(bin('prettier'), ['--check', '--log-level', 'warn', '.'])).toBe('');
  }, 120_000);
});
