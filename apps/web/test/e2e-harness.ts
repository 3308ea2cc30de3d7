import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '@kubelab/platform';
import { seedDemo, testAppEnv } from '@kubelab/server';
import { WorkerProcess } from '../../worker/src/worker';
import { startApi, type TestApi } from '../../api/test/harness';

const root = path.resolve(__dirname, '../../..');
export const artefactsDir = path.join(root, 'test-artifacts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Stack {
  api: TestApi;
  webUrl: string;
  browser: Browser;
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real stack for browser tests: the API (own database, demo data seeded), the Next.js web
 * app in dev mode pointed at it, and headless Debian Chromium driven by playwright-core.
 */
export async function startStack(
  label: string,
  apiEnv: Record<string, string> = {},
  opts: { worker?: boolean } = {},
): Promise<Stack> {
  const api = await startApi(label, { API_RATE_LIMIT_PER_MINUTE: '100000', ...apiEnv });
  await seedDemo(api.db.prisma);
  // Clusters that live (controllers, kubelet) need a worker.
  let worker: WorkerProcess | undefined;
  if (opts.worker) {
    worker = new WorkerProcess(
      loadConfig(
        testAppEnv(api.config.DATABASE_URL, api.config.REDIS_PREFIX, {
          DATA_DIR: api.config.DATA_DIR,
          WORKER_PORT: '0',
          HOST: '127.0.0.1',
        }),
      ),
    );
    await worker.start(0);
  }
  const port = await freePort();
  const web: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/next/dist/bin/next'),
      'dev',
      path.join(root, 'apps/web'),
      '--port',
      String(port),
      '--hostname',
      '127.0.0.1',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        API_INTERNAL_URL: api.url,
        NEXT_DIST_DIR: '.next-test',
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let webLog = '';
  web.stdout!.on('data', (d) => (webLog += d));
  web.stderr!.on('data', (d) => (webLog += d));
  const webUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    try {
      const r = await fetch(webUrl + '/', { signal: AbortSignal.timeout(120_000) });
      if (r.status === 200) break;
    } catch {}
    if (Date.now() > deadline || web.exitCode !== null)
      throw new Error(`web did not start:\n${webLog.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  fs.mkdirSync(artefactsDir, { recursive: true });
  return {
    api,
    webUrl,
    browser,
    newPage: async () => {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
      return ctx.newPage();
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: path.join(artefactsDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => {});
      web.kill('SIGTERM');
      await new Promise((r) => (web.exitCode !== null ? r(null) : web.once('exit', r)));
      await worker?.stop();
      await api.close();
    },
  };
}

export async function signIn(page: Page, webUrl: string, email: string, password = 'kubelab-demo') {
  await page.goto(webUrl + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
