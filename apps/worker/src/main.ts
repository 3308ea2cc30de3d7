import { ConfigError, loadConfig } from '@kubelab/platform';
import { WorkerProcess } from './worker';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`worker: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const worker = new WorkerProcess(config);
  const shutdown = () =>
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await worker.start();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
