// bench/web: the lab as a learner feels it, in headless Chromium against the whole stack
// (API, worker, Next.js dev server). Prints `name: value unit` lines, over 50 runs each:
//   - from pressing Enter on `kubectl get pods` to its output drawn in the terminal;
//   - from pressing Enter on `kubectl create deployment … --replicas=3` (clock instant) to the
//     map drawing the third pod Running (the map ends with 150 pods more than it started with).
import type { Page } from 'playwright-core';
import { signIn, startStack } from '../../apps/web/test/e2e-harness';
import { line, percentile } from '../lib/stack';

const RUNS = 50;

async function typeLine(page: Page, text: string) {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(text, { delay: 0 });
}

/** Presses Enter and resolves with the ms until `done()` holds in the page. */
async function timeUntil(page: Page, check: string, arg: string): Promise<number> {
  await page.evaluate(
    ([check, arg]) => {
      const w = window as unknown as { __bench?: Promise<number> };
      const done = new Function('arg', check) as (a: string) => boolean;
      w.__bench = new Promise<number>((resolve) => {
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (done(arg)) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(document.body, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
      });
    },
    [check, arg],
  );
  await page.keyboard.press('Enter');
  return page.evaluate(() => (window as unknown as { __bench: Promise<number> }).__bench);
}

function report(name: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  line(`${name}_p50`, percentile(sorted, 50), 'ms');
  line(`${name}_p99`, percentile(sorted, 99), 'ms');
}

async function main() {
  const s = await startStack('bench-web', {}, { worker: true });
  try {
    const page = await s.newPage();
    await signIn(page, s.webUrl, 'learner@example.com');
    await page.getByLabel('New cluster name').fill('bench');
    await page.getByRole('button', { name: '+ New cluster' }).click();
    await page
      .getByTestId('cluster-item')
      .filter({ hasText: 'bench' })
      .getByRole('link', { name: 'Open lab' })
      .click();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-kind=Node]').nth(2).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Instant' }).click();
    await page.locator('button.active', { hasText: 'Instant' }).waitFor();

    // Warm up (first compile of the page's code paths).
    await typeLine(page, 'kubectl get pods -A');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);

    const getPods: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await typeLine(page, 'clear');
      await page.keyboard.press('Enter');
      await typeLine(page, 'kubectl get pods -n kube-system');
      getPods.push(
        await timeUntil(
          page,
          "return (document.querySelector('[data-testid=terminal] .xterm-rows')?.textContent ?? '').includes('coredns-')",
          '',
        ),
      );
    }
    report('terminal_get_pods_enter_to_output', getPods);

    const applies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await typeLine(page, `kubectl create deployment b${i} --image=nginx --replicas=3`);
      applies.push(
        await timeUntil(
          page,
          'return document.querySelectorAll(`[data-kind=Pod][data-status=Running][data-name^="${arg}-"]`).length >= 3',
          `b${i}`,
        ),
      );
    }
    report('lab_apply_to_last_pod_drawn_running', applies);
    const pods = await page.locator('[data-kind=Pod]').count();
    line('lab_map_pods_drawn', pods, 'pods');
  } finally {
    await s.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
