import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Environment for running our TypeScript servers and scripts directly (CommonJS through SWC). */
export function tsEnv(extra = {}) {
  return { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.runtime.json'), ...extra };
}

export const tsNodeArgs = (entry) => ['-r', '@swc-node/register', path.join(root, entry)];
