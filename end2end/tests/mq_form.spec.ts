import AxeBuilder from '@axe-core/playwright';
import { test, expect, shot, hydrated } from './fixtures';

const BROKER = 'b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10'; // orders-prod in the sandbox seed
const userPage = (u: string) => `/mq/brokers/${BROKER}/users/${u}`;

test('MQ: edit a user, review, submit, see the record the broker returns', async ({ page, errors }, testInfo) => {
  await page.goto(userPage('billing-worker'));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /MQ user billing-worker/ })).toBeVisible();

  await page.getByLabel('New password', { exact: true }).fill('Rotated-secret-2026');
  const groups = page.getByLabel('Groups');
  await groups.fill('billing, audit-readers');
  await page.getByLabel('ActiveMQ Web Console access').check();
  await page.getByRole('button', { name: 'Review changes' }).click();

  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('row', { name: /Password/ })).toContainText('will be changed');
  await expect(review).not.toContainText('Rotated-secret-2026');
  await expect(review.getByRole('row', { name: /Groups/ })).toContainText('billing, audit-readers');
  await shot(page, testInfo, 'mq-review');

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText('applies user changes at the broker');
  const pendingGroups = outcome.locator('[data-key="pending_groups"]');
  await expect(pendingGroups).toHaveClass(/changed/);
  await expect(pendingGroups).toContainText('billing, audit-readers');
  await expect(page.locator('body')).not.toContainText('Rotated-secret-2026');
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
  await shot(page, testInfo, 'mq-result');
});

test('MQ: invalid input is shown next to the field and nothing is sent', async ({ page, errors }) => {
  const sent: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) sent.push(r.url()); });
  await page.goto(userPage('amara.okafor'));
  await hydrated(page);
  await page.getByLabel('New password', { exact: true }).fill('short,pw');
  await page.getByLabel('Groups').fill('ok-group, x');
  await page.getByRole('button', { name: 'Review changes' }).click();

  const password = page.getByLabel('New password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-password-error')).toContainText('at least 12 characters');
  await expect(page.locator('#f-groups-error')).toContainText('Group “x” must be 2–100 characters');
  await expect(password).toBeFocused();
  expect(sent).toEqual([]);
});

test('MQ: the whole flow works with the keyboard alone', async ({ page, errors }) => {
  await page.goto(userPage('crdr-replicator'));
  await hydrated(page);
  await page.getByLabel('Groups').focus();
  await page.keyboard.press('End');
  await page.keyboard.type(', keyboard-only');
  await page.keyboard.press('Tab'); // console access
  await expect(page.getByLabel('ActiveMQ Web Console access')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // replication user
  await page.keyboard.press('Tab'); // review button
  await expect(page.getByRole('button', { name: 'Review changes' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The review takes focus, so a screen reader reads it next.
  await expect(page.getByRole('heading', { name: 'Review the change' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Submit changes' })).toBeFocused();
  await page.keyboard.press('Enter');
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome.locator('[data-key="pending_groups"]')).toContainText('keyboard-only');
});

test('MQ: what is typed before the page becomes interactive is kept', async ({ page, errors }) => {
  // Hold the wasm back so the person types into the server-rendered form first.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pkg/*.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(userPage('fulfilment-api'), { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Groups').fill('typed-early, before-wasm');
  await page.getByLabel('New password', { exact: true }).fill('Typed-early-secret-1');
  release();
  await hydrated(page);
  await expect(page.getByLabel('Groups')).toHaveValue('typed-early, before-wasm');
  await page.getByRole('button', { name: 'Review changes' }).click();
  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review.getByRole('row', { name: /Groups/ })).toContainText('typed-early, before-wasm');
  await expect(review.getByRole('row', { name: /Password/ })).toContainText('will be changed');
});

test('MQ: the form page has no serious accessibility violations', async ({ page }) => {
  await page.goto(userPage('amara.okafor'));
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('MQ: a plain form post still updates the user', async ({ page }, testInfo) => {
    await page.goto(userPage('admin'));
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await page.getByLabel('Groups').fill('admins, ops-oncall');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
    await expect(outcome).toBeVisible();
    await expect(outcome.locator('[data-key="pending_groups"]')).toContainText('admins, ops-oncall');
    await shot(page, testInfo, 'mq-nojs-result');
  });

  test('MQ: a plain post with a bad password comes back with the error and the typed groups', async ({ page }) => {
    await page.goto(userPage('admin'));
    await page.getByLabel('New password', { exact: true }).fill('aaaaaaaaaaaaaaa');
    await page.getByLabel('Groups').fill('kept-group');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.locator('#f-password-error')).toContainText('at least 4 different characters');
    await expect(page.getByLabel('Groups')).toHaveValue('kept-group');
    await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
    expect(await page.content()).not.toContain('aaaaaaaaaaaaaaa');
  });
});
