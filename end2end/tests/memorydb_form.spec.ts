import AxeBuilder from '@axe-core/playwright';
import { test, expect, shot, hydrated } from './fixtures';

// Users of the sandbox seed; each test edits its own, so no test waits on another's
// `modifying` (the sandbox keeps an updated user modifying for 2 s).
const userPage = (u: string) => `/memorydb/users/${u}`;
const PW_A = 'Rotated-secret-2026-aaaa';
const PW_B = 'Rotated-secret-2026-bbbb';

const outcomeOf = (page: import('@playwright/test').Page) =>
  page.getByRole('status').filter({ hasText: 'The record AWS returned' });

test('MemoryDB: edit a user, review, submit, see the record MemoryDB returns', async ({ page, errors }, testInfo) => {
  await page.goto(userPage('app-orders'));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /MemoryDB user app-orders/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Password', exact: true })).toBeChecked();

  await page.getByLabel('Access string').fill('on ~orders:* -@all +@read');
  await page.getByLabel('Password 1', { exact: true }).fill(PW_A);
  await page.getByLabel('Password 2', { exact: true }).fill(PW_B);
  await page.getByRole('button', { name: 'Review changes' }).click();

  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('row', { name: /Access string/ })).toContainText('on ~orders:* -@all +@read');
  await expect(review.getByRole('row', { name: /Password 1/ })).toContainText('will be changed');
  await expect(review.getByRole('row', { name: /Password 2/ })).toContainText('will be changed');
  await expect(review.getByRole('row', { name: /^Passwords/ })).toContainText('2');
  await expect(review).not.toContainText(PW_A);
  await shot(page, testInfo, 'memorydb-review');

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = outcomeOf(page);
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText('status reads modifying');
  const access = outcome.locator('[data-key="access_string"]');
  await expect(access).toHaveClass(/changed/);
  await expect(access).toContainText('on ~orders:* -@all +@read');
  await expect(outcome.locator('[data-key="password_count"]')).toHaveClass(/changed/);
  await expect(outcome.locator('[data-key="status"]')).toContainText('modifying');
  await expect(page.locator('body')).not.toContainText(PW_A);
  await expect(page.locator('body')).not.toContainText(PW_B);
  await expect(page.getByLabel('Password 1', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Password 2', { exact: true })).toHaveValue('');
  await shot(page, testInfo, 'memorydb-result');
});

test('MemoryDB: invalid input is shown next to the field and nothing is sent', async ({ page, errors }) => {
  const sent: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) sent.push(r.url()); });
  await page.goto(userPage('app-orders-rotating'));
  await hydrated(page);
  await page.getByLabel('Access string').fill('   ');
  await page.getByLabel('Password 1', { exact: true }).fill('has a space but long');
  await page.getByLabel('Password 2', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Review changes' }).click();

  const access = page.getByLabel('Access string');
  await expect(access).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-access_string-error')).toContainText('must not be blank');
  await expect(page.locator('#f-password_1-error')).toContainText('must not contain spaces');
  await expect(page.locator('#f-password_2-error')).toContainText('16 to 128 characters');
  await expect(page.getByRole('status').filter({ hasText: 'need attention' })).toContainText('3 fields need attention');
  await expect(access).toBeFocused();
  expect(sent).toEqual([]);
});

test('MemoryDB: switching an IAM user to passwords needs a password', async ({ page, errors }) => {
  await page.goto(userPage('svc-search-indexer'));
  await hydrated(page);
  await expect(page.getByRole('radio', { name: /IAM/ })).toBeChecked();
  await page.getByRole('radio', { name: 'Password', exact: true }).check();
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.locator('#f-password_1-error')).toContainText('required to switch to password authentication');

  await page.getByLabel('Password 1', { exact: true }).fill(PW_A);
  await page.getByRole('button', { name: 'Review changes' }).click();
  const review = page.getByRole('region', { name: 'Review the change' });
  const kind = review.getByRole('row', { name: /Authentication type/ });
  await expect(kind.locator('td').nth(0)).toHaveText('iam');
  await expect(kind.locator('td').nth(1)).toHaveText('password');
  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = outcomeOf(page);
  await expect(outcome.locator('[data-key="authentication_type"]')).toHaveClass(/changed/);
  await expect(outcome.locator('[data-key="authentication_type"]')).toContainText('password');
  await expect(outcome.locator('[data-key="password_count"]')).toContainText('1');
});

test('MemoryDB: a user still modifying says so, and "Try again" works once it is active', async ({ page, errors }) => {
  await page.goto(userPage('app-reader'));
  await hydrated(page);
  await page.getByLabel('Access string').fill('on ~app:* -@all +@read +@hash');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Submit changes' }).click();
  await expect(outcomeOf(page)).toBeVisible();

  // At once a second change: the user is still `modifying`.
  await page.getByLabel('Access string').fill('on ~app:* -@all +@read +@list');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Submit changes' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('still applying an earlier change');
  await expect(page.getByLabel('Access string')).toHaveValue('on ~app:* -@all +@read +@list');

  await page.waitForTimeout(2_500);
  await alert.getByRole('button', { name: 'Try again' }).click();
  const outcome = outcomeOf(page);
  await expect(outcome.locator('[data-key="access_string"]')).toContainText('on ~app:* -@all +@read +@list');
  await expect(alert).toHaveCount(0);
});

test('MemoryDB: the built-in default user is shown read-only with the reason', async ({ page, errors }) => {
  await page.goto(userPage('default'));
  await hydrated(page);
  await expect(page.getByRole('note').filter({ hasText: 'cannot be modified' })).toBeVisible();
  await expect(page.getByLabel('Access string')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Review changes' })).toHaveCount(0);
});

test('MemoryDB: the list links to each user page', async ({ page }) => {
  await page.goto('/memorydb?q=svc-audit-stream');
  await page.getByRole('link', { name: 'svc-audit-stream' }).click();
  await expect(page).toHaveURL(/\/memorydb\/users\/svc-audit-stream$/);
  await expect(page.getByRole('heading', { name: /MemoryDB user svc-audit-stream/ })).toBeVisible();
});

test('MemoryDB: the form page has no serious accessibility violations', async ({ page }) => {
  await page.goto(userPage('svc-audit-stream'));
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('MemoryDB: a plain form post still updates the user', async ({ page }, testInfo) => {
    await page.goto(userPage('app-cart'));
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await page.getByLabel('Access string').fill('on ~cart:* -@all +@read');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    const outcome = outcomeOf(page);
    await expect(outcome).toBeVisible();
    await expect(outcome.locator('[data-key="access_string"]')).toContainText('on ~cart:* -@all +@read');
    await expect(outcome.locator('[data-key="access_string"]')).toHaveClass(/changed/);
    await shot(page, testInfo, 'memorydb-nojs-result');
  });

  test('MemoryDB: a plain post with a bad password comes back with the error and the typed access string', async ({ page }) => {
    await page.goto(userPage('app-catalog'));
    await page.getByLabel('Access string').fill('on ~catalog:* -@all +@read');
    await page.getByLabel('Password 1', { exact: true }).fill('tooshort-secret');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.locator('#f-password_1-error')).toContainText('16 to 128 characters');
    await expect(page.getByLabel('Access string')).toHaveValue('on ~catalog:* -@all +@read');
    await expect(page.getByLabel('Password 1', { exact: true })).toHaveValue('');
    expect(await page.content()).not.toContain('tooshort-secret');
    expect(page.url()).not.toContain('tooshort-secret');
  });
});
