import { run } from './exec.mjs';
import { root, tsEnv } from './env.mjs';

/** Drops a database (through libs/server, which knows how to reach the maintenance db). */
export async function dropDatabaseCmd(url) {
  const code = `require('${root}/libs/server/src/db/database-admin.ts').dropDatabase(process.argv[1]).then(()=>process.exit(0),(e)=>{console.error(e.message);process.exit(1)})`;
  await run(process.execPath, ['-r', '@swc-node/register', '-e', code, url], {
    cwd: root,
    env: tsEnv(),
  });
}
