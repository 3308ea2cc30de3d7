import { signIn, startStack, type Stack } from './e2e-harness';

describe('web: sign-in and dashboard (headless Chromium)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('web-signin');
  }, 240_000);
  afterAll(() => s?.close(), 30_000);

  it('signs in as the demo learner, creates a cluster and sees it listed', async () => {
    const page = await s.newPage();
    await signIn(page, s.webUrl, 'learner@example.com');
    await page.getByRole('heading', { name: 'Your clusters' }).waitFor();
    await expect(page.getByTestId('who').textContent()).resolves.toContain('Lea Learner');
    await page.getByLabel('New cluster name').fill('e2e-cluster');
    await page.getByRole('button', { name: '+ New cluster' }).click();
    const item = page.getByTestId('cluster-item').filter({ hasText: 'e2e-cluster' });
    await item.waitFor();
    await s.screenshot(page, 'issue2-dashboard-learner');
    // It is really there: the API lists it for this learner.
    const rows = await s.api.db.prisma.cluster.findMany({
      where: { name: 'e2e-cluster' },
      include: { owner: true },
    });
    expect(rows.map((r) => r.owner.email)).toEqual(['learner@example.com']);
    // The session is an httpOnly cookie: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('kl_at');
    // Reload: still signed in, still listed.
    await page.reload();
    await page.getByTestId('cluster-item').filter({ hasText: 'e2e-cluster' }).waitFor();
    // Sign out returns to the sign-in form, and the dashboard is gone.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    await page.reload();
    await page.getByLabel('Email').waitFor();
  }, 120_000);

  it('shows the server’s message for a wrong password', async () => {
    const page = await s.newPage();
    await signIn(page, s.webUrl, 'learner@example.com', 'not-the-password');
    // (Next.js has its own empty role=alert route announcer, so look for the text.)
    await page.getByText('Invalid email or password').waitFor();
    await expect(page.getByRole('heading', { name: 'Your clusters' }).count()).resolves.toBe(0);
  }, 60_000);

  it('shows an instructor their course and people, and an admin the API keys', async () => {
    const page = await s.newPage();
    await signIn(page, s.webUrl, 'admin@example.com');
    await page.getByRole('heading', { name: 'API keys for your LMS' }).waitFor();
    await page.getByLabel('API key name').fill('Moodle');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('new-api-key').textContent()).resolves.toMatch(/^kl_[a-z0-9]+_/);
    await s.screenshot(page, 'issue2-dashboard-admin');
    const page2 = await s.newPage();
    await signIn(page2, s.webUrl, 'instructor@example.com');
    await page2.getByRole('heading', { name: /People/ }).waitFor();
    await page2.getByText('Kubernetes Fundamentals').waitFor();
  }, 120_000);
});
