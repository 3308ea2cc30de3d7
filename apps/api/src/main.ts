import 'reflect-metadata';
import { ConfigError, loadConfig } from '@kubelab/platform';
import { createApp } from './app.factory';
import { refuseDemoPasswordsInProduction } from './production-checks';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`api: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const app = await createApp(config);
  await refuseDemoPasswordsInProduction(app, config);
  await app.listen(config.API_PORT, config.HOST);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
