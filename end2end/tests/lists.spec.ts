import { test, expect, shot, hydrated } from './fixtures';

const services = [
  { slug: 'memorydb', name: 'Amazon MemoryDB', container: false },
  { slug: 'mq', name: 'Amazon MQ', container: true },
  { slug: 'finspace', name: 'Amazon FinSpace (kdb)', container: true },
  { slug: 'identitystore', name: 'IAM Identity Center', container: true },
  { slug: 'wickr', name: 'AWS Wickr', container: true },
];

test('the home page shows the five services with their sandbox users', async ({ page, errors }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('note').filter({ hasText: 'SANDBOX' })).toBeVisible();
  const cards = page.locator('li.card');
  await expect(cards).toHaveCount(5);
  for (const s of services) {
    const card = page.locator(`li.card[data-service="${s.slug}"]`);
    await expect(card.getByRole('heading', { name: s.name })).toBeVisible();
    // Every service is seeded with at least 25 users and answers.
    const count = await card.locator('.count strong').innerText();
    expect(Number(count.split(' ')[0]), `${s.slug} user count`).toBeGreaterThanOrEqual(25);
    await expect(card.locator('.status')).toHaveText('reachable');
    await expect(card.locator('.location')).toHaveText('SANDBOX');
  }
  await hydrated(page);
  await shot(page, testInfo, 'home');
});

for (const s of services) {
  test(`${s.slug}: the list page shows sandbox users`, async ({ page, errors }, testInfo) => {
    await page.goto(`/${s.slug}`);
    await expect(page.getByRole('note').filter({ hasText: 'SANDBOX' })).toBeVisible();
    if (s.container) {
      await shot(page, testInfo, `${s.slug}-containers`);
      // Open the first broker / environment / store / network.
      await page.locator('table.list tbody tr th a').first().click();
      await expect(page).toHaveURL(new RegExp(`/${s.slug}/[a-z]+/[^/]+$`));
    }
    const rows = page.locator('table.list tbody tr');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(page.locator('p.summary')).toContainText('Showing 1–');
    await shot(page, testInfo, `${s.slug}-users`);
  });
}

test('filtering and paging the MemoryDB list', async ({ page, errors }) => {
  await page.goto('/memorydb');
  await hydrated(page);
  await expect(page.locator('p.summary')).toContainText(/of \d+ users/);
  const next = page.getByRole('link', { name: 'Next →' });
  await expect(next).toBeVisible();
  await next.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('nav.pager span')).toContainText('Page 2 of');

  const firstName = await page.locator('table.list tbody tr th').first().innerText();
  await page.getByLabel('Filter by name').fill(firstName);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(firstName)}`));
  await expect(page.locator('table.list tbody tr th').first()).toHaveText(firstName);
  await expect(page.locator('p.summary')).toContainText('matching');
});

test('an unknown address answers 404 with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
