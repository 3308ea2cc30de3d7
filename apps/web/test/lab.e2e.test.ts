// The lab in a real browser: sign in, open a cluster, create a Deployment from the terminal and
// watch its three pods go Running on the map, apply a Service from the editor, fast-forward the
// clock, open a pod and read its logs. Screenshots go to test-artifacts/.
import type { Page } from 'playwright-core';
import { signIn, startStack, type Stack } from './e2e-harness';

async function typeInTerminal(page: Page, line: string) {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

const terminalText = (page: Page) => page.locator('[data-testid=terminal] .xterm-rows').innerText();

async function waitForText(page: Page, text: string | RegExp, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const t = await terminalText(page);
    if (typeof text === 'string' ? t.includes(text) : text.test(t)) return t;
    if (Date.now() > deadline) throw new Error(`terminal never showed ${text}:\n${t}`);
    await page.waitForTimeout(100);
  }
}

describe('web: the lab (headless Chromium)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('web-lab', {}, { worker: true });
  }, 240_000);
  afterAll(() => s?.close(), 60_000);

  it('runs kubectl in the terminal, draws the pods live, applies from the editor, fast-forwards and shows logs', async () => {
    const page = await s.newPage();
    await signIn(page, s.webUrl, 'learner@example.com');
    await page.getByLabel('New cluster name').fill('lab-e2e');
    await page.getByRole('button', { name: '+ New cluster' }).click();
    const item = page.getByTestId('cluster-item').filter({ hasText: 'lab-e2e' });
    await item.getByRole('link', { name: 'Open lab' }).click();
    await page.getByTestId('lab-cluster-name').waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    // The map draws the three nodes and the system pods as soon as the socket has synced.
    await page
      .locator('[data-testid=cluster-map] [data-kind=Node]')
      .nth(2)
      .waitFor({ timeout: 30_000 });
    await s.screenshot(page, 'issue6-lab-empty');

    await typeInTerminal(page, 'kubectl create deployment web --image=nginx --replicas=3');
    await waitForText(page, 'deployment.apps/web created');
    const running = page.locator(
      '[data-testid=cluster-map] [data-kind=Pod][data-status=Running][data-name^="web-"]',
    );
    await running.nth(2).waitFor({ timeout: 30_000 });
    expect(await running.count()).toBe(3);
    await typeInTerminal(page, 'kubectl get pods');
    const out = await waitForText(page, /web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    await s.screenshot(page, 'issue6-lab-three-pods');
    // A watch streams until Ctrl-C, then the prompt comes back.
    await typeInTerminal(page, 'clear');
    await typeInTerminal(page, 'kubectl get deploy -w');
    await waitForText(page, /web\s+3\/3\s+3\s+3/);
    await page.keyboard.press('Control+C');
    await waitForText(page, /\^C\s*\n\$/);

    // A Service from the editor's template (it selects app: web).
    await page.getByTestId('tab-editor').click();
    await page.getByTestId('editor-open').selectOption({ label: 'Service (ClusterIP)' });
    await page.getByTestId('editor-apply').click();
    await page.getByTestId('editor-result').filter({ hasText: 'service/web created' }).waitFor();
    await page.locator('[data-testid=cluster-map] [data-kind=Service][data-name=web]').waitFor();
    await s.screenshot(page, 'issue6-lab-editor-service');

    // Fast-forward an hour: the virtual clock jumps.
    const before = await page.getByTestId('virtual-time').innerText();
    await page.getByTestId('ff-3600').click();
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid=virtual-time]')?.textContent !== b,
      before,
    );

    // Open a pod and read its logs.
    await running.first().click();
    await page.getByTestId('object-panel').waitFor();
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page
      .getByTestId('panel-logs')
      .filter({ hasText: 'Configuration complete; ready for start up' })
      .waitFor();
    await s.screenshot(page, 'issue6-lab-pod-logs');

    // Machines: a node joins from the map, then the learner cordons it from its panel.
    await page.getByTestId('add-node').click();
    const added = page.locator(
      '[data-testid=cluster-map] [data-kind=Node][data-name=kubelab-worker3]',
    );
    await added.waitFor({ timeout: 30_000 });
    await added.click();
    await page.getByRole('button', { name: 'Cordon' }).click();
    await page
      .getByTestId('node-action-output')
      .filter({ hasText: 'node/kubelab-worker3 cordoned' })
      .waitFor();
    await page
      .locator('[data-testid=cluster-map] [data-kind=Node][data-name=kubelab-worker3]')
      // Ready once its network is up (not "NotReady"), and no longer schedulable.
      .filter({ hasText: /[^t]Ready,SchedulingDisabled/ })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop kubelet' }).click();
    await page
      .getByTestId('node-action-output')
      .filter({ hasText: 'kubelet on kubelab-worker3 stopped' })
      .waitFor();
    await page.getByTestId('ff-60').click();
    await page
      .locator('[data-testid=cluster-map] [data-kind=Node][data-name=kubelab-worker3]')
      .filter({ hasText: 'NotReady' })
      .waitFor({ timeout: 30_000 });
    await s.screenshot(page, 'issue7-lab-node-not-ready');
  }, 180_000);
});
