import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.mjs';

const hash = (files) => {
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  return h.digest('hex');
};

/** npm ci when node_modules is missing or older than the lock file. Returns a detail string. */
export async function ensureNodeModules(root) {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.kubelab-installed');
  const want = hash([lock, path.join(root, 'package.json')]);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return 'up to date';
  const args = fs.existsSync(lock)
    ? ['ci', '--no-audit', '--no-fund']
    : ['install', '--no-audit', '--no-fund'];
  await run('npm', args, { cwd: root });
  fs.writeFileSync(marker, want);
  return `npm ${args[0]} done`;
}

/** prisma generate, offline, whenever the schema changed since the last generation. */
export async function ensurePrismaClient(root) {
  const schema = path.join(root, 'prisma', 'schema.prisma');
  const outDir = path.join(root, 'libs', 'server', 'src', 'generated', 'prisma');
  const marker = path.join(outDir, '.schema-hash');
  const want = hash([schema, path.join(root, 'package-lock.json')]);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return 'up to date';
  // The CLI insists on a schema engine binary even for `generate`, which does not use it; any
  // existing file satisfies the check and keeps it from downloading one (we are offline).
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  await run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], { cwd: root, env });
  fs.writeFileSync(marker, want);
  return 'generated';
}
