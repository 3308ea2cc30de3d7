import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function which(cmd, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extraDirs];
  for (const d of dirs) {
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a command to completion; rejects with its output when it fails. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: opts.inherit ? 'inherit' : 'pipe', ...opts });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${cmd} ${args.join(' ')} exited with ${code}\n${out.trim().split('\n').slice(-15).join('\n')}`,
          ),
        );
    });
  });
}

export function runSync(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

/** Installs Debian packages when we are root and apt-get exists; otherwise explains what to do. */
export async function aptInstall(packages, why) {
  if (!isRoot() || !which('apt-get')) {
    throw new Error(
      `${why} is missing. Install it with: sudo apt-get install -y ${packages.join(' ')} ` +
        `(or your OS's equivalent), or point the matching *_URL variable at a running server.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}
