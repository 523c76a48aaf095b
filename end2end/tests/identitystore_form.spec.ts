import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, shot, hydrated } from './fixtures';

const STORE = 'd-9067a1b2c3'; // example-workforce in the sandbox seed
const AMARA = '9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91'; // amara.okafor, complete profile
const OTHER = '9067a1b2c3-5e41ab08-7439-411e-a18a-02f46d8d86c3';
const userPage = (u: string) => `/identitystore/stores/${STORE}/users/${u}`;
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** The review row of `label` shows `before` → `after`. */
async function expectChange(review: Locator, label: string, before: string, after: string) {
  const cells = review.getByRole('row', { name: new RegExp(`^${label}`) }).getByRole('cell');
  await expect(cells.nth(0)).toHaveText(before);
  await expect(cells.nth(1)).toHaveText(after);
}

test('Identity Center: edit a user, review, submit, see the record AWS returned', async ({ page, errors }, testInfo) => {
  await page.goto(userPage(AMARA));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /Identity Center user amara\.okafor/ })).toBeVisible();
  await expect(field(page, 'Display name')).toHaveValue('Amara Okafor');

  await field(page, 'Display name').fill('Amara N. Okafor');
  await field(page, 'Job title').fill('');
  await field(page, 'Primary email').fill('amara@example.org');
  await field(page, 'City').fill('Lagos');
  await page.getByRole('button', { name: 'Review changes' }).click();

  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('row')).toHaveCount(5); // header + 4 changes
  await expectChange(review, 'Display name', 'Amara Okafor', 'Amara N. Okafor');
  await expectChange(review, 'Job title', 'Software Engineer', '—');
  await expectChange(review, 'Primary email', 'amara.okafor@example.com', 'amara@example.org');
  await expectChange(review, 'City', 'Seattle', 'Lagos');
  await shot(page, testInfo, 'identitystore-review');

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome).toBeVisible();
  await expect(outcome.getByRole('heading', { name: 'Saved: Amara N. Okafor' })).toBeVisible();
  for (const [key, value] of [
    ['display_name', 'Amara N. Okafor'],
    ['title', '—'],
    ['email', 'amara@example.org'],
    ['locality', 'Lagos'],
  ]) {
    const row = outcome.locator(`[data-key="${key}"]`);
    await expect(row).toHaveClass(/changed/);
    await expect(row.locator('.value')).toHaveText(value);
  }
  await expect(outcome.locator('[data-key="given_name"]')).not.toHaveClass(/changed/);
  // The form now holds the saved values, at the new revision.
  await expect(field(page, 'Display name')).toHaveValue('Amara N. Okafor');
  await expect(field(page, 'Job title')).toHaveValue('');
  await shot(page, testInfo, 'identitystore-result');
});

test('Identity Center: invalid input is shown next to the field and nothing is sent', async ({ page, errors }) => {
  const sent: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) sent.push(r.url()); });
  await page.goto(userPage(OTHER));
  await hydrated(page);
  await field(page, 'Nickname').fill('zero\u200Bwidth');
  await field(page, 'Postal code').fill('9'.repeat(1025));
  await page.getByRole('button', { name: 'Review changes' }).click();

  const nickname = field(page, 'Nickname');
  await expect(nickname).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-nick_name-error')).toContainText('Nickname cannot contain the character U+200B');
  await expect(page.locator('#f-postal_code-error')).toContainText('Postal code must be at most 1024 characters (it has 1025)');
  await expect(field(page, 'Display name')).toHaveAttribute('aria-invalid', 'false');
  await expect(nickname).toBeFocused();
  await expect(page.getByRole('region', { name: 'Review the change' })).toHaveCount(0);
  expect(sent).toEqual([]);
});

test('Identity Center: a change made meanwhile by someone else is refused, and reload shows it', async ({ page, context, errors }) => {
  await page.goto(userPage(AMARA));
  await hydrated(page);
  // Someone else saves a change from another tab first.
  const other = await context.newPage();
  await other.goto(userPage(AMARA));
  await hydrated(other);
  await field(other, 'Nickname').fill('Ama');
  await other.getByRole('button', { name: 'Review changes' }).click();
  await other.getByRole('button', { name: 'Submit changes' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'The record AWS returned' })).toBeVisible();
  await other.close();

  await field(page, 'Time zone').fill('Africa/Lagos');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Submit changes' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Changed by someone else');
  await expect(alert).toContainText('reload');
  // What was typed is kept.
  await expect(field(page, 'Time zone')).toHaveValue('Africa/Lagos');

  await alert.getByRole('link', { name: 'Reload the current record' }).click();
  await expect(page).toHaveURL(/\?reload=/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(field(page, 'Nickname')).toHaveValue('Ama');
  await expect(field(page, 'Time zone')).toHaveValue('America/Los_Angeles');
  // The reloaded form carries the current revision, so the same edit now goes through.
  await field(page, 'Time zone').fill('Africa/Lagos');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome.locator('[data-key="timezone"] .value')).toHaveText('Africa/Lagos');
});

test('Identity Center: the form page has no serious accessibility violations', async ({ page }) => {
  await page.goto(userPage(AMARA));
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('Identity Center: the list links to the user page', async ({ page }) => {
  await page.goto(`/identitystore/stores/${STORE}`);
  await page.getByRole('link', { name: 'amara.okafor' }).click();
  await expect(page).toHaveURL(userPage(AMARA));
  await expect(page.getByRole('heading', { name: /Identity Center user amara\.okafor/ })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Identity Center: a plain form post still updates the user', async ({ page }, testInfo) => {
    await page.goto(userPage(OTHER));
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await field(page, 'Nickname').fill('Plain post');
    await field(page, 'Address as displayed').fill('1 Plain Way\nSpringfield');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
    await expect(outcome).toBeVisible();
    await expect(outcome.locator('[data-key="nick_name"]')).toHaveClass(/changed/);
    await expect(outcome.locator('[data-key="nick_name"] .value')).toHaveText('Plain post');
    await expect(outcome.locator('[data-key="formatted_address"]')).toHaveClass(/changed/);
    await expect(field(page, 'Nickname')).toHaveValue('Plain post');
    await shot(page, testInfo, 'identitystore-nojs-result');
  });

  test('Identity Center: a plain post with a bad value comes back with the error and what was typed', async ({ page }) => {
    await page.goto(userPage(OTHER));
    await field(page, 'Display name').fill('bad\u200Bname');
    await field(page, 'Job title').fill('Kept title');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.locator('#f-display_name-error')).toContainText('Display name cannot contain the character U+200B');
    await expect(field(page, 'Display name')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(page, 'Job title')).toHaveValue('Kept title');
  });
});
