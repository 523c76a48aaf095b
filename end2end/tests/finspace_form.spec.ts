import AxeBuilder from '@axe-core/playwright';
import { test, expect, shot, hydrated } from './fixtures';

const ENVIRONMENT = 'eqr4k7m2xw9t5pbn3hj6ca'; // equities-research in the sandbox seed
const userPage = (u: string) => `/finspace/environments/${ENVIRONMENT}/users/${u}`;
const role = (name: string) => `arn:aws:iam::123456789012:role/finspace/${name}`;

test('FinSpace: change a kdb user\'s IAM role, review, submit, see the record AWS returned', async ({ page, errors }, testInfo) => {
  await page.goto(userPage('gchen'));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /kdb user gchen/ })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'ended support for Amazon FinSpace on 2026-10-07' })).toBeVisible();

  const iamRole = page.getByLabel('IAM role');
  await expect(iamRole).toHaveValue(role('kdb-equities-analyst'));
  await iamRole.fill(role('kdb-equities-readonly'));
  await page.getByRole('button', { name: 'Review changes' }).click();

  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review).toBeVisible();
  const row = review.getByRole('row', { name: /IAM role/ });
  await expect(row).toContainText(role('kdb-equities-analyst'));
  await expect(row).toContainText(role('kdb-equities-readonly'));
  await shot(page, testInfo, 'finspace-review');

  // Server-rendered with the page; no change of this user has been made yet.
  const recent = page.getByRole('region', { name: 'Recent changes' });
  await expect(recent).toContainText('No change to this user has been made through userdesk.');

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome).toBeVisible();
  const returned = outcome.locator('[data-key="iam_role"]');
  await expect(returned).toHaveClass(/changed/);
  await expect(returned).toContainText(role('kdb-equities-readonly'));
  // Everything UpdateKxUser answers is shown.
  await expect(outcome.locator('[data-key="user_name"]')).toContainText('gchen');
  await expect(outcome.locator('[data-key="environment_id"]')).toContainText(ENVIRONMENT);
  await expect(outcome.locator('[data-key="user_arn"]')).toContainText(`kxEnvironment/${ENVIRONMENT}/kxUser/gchen`);
  await shot(page, testInfo, 'finspace-result');

  // The user's recent changes follow the save, without a reload.
  const saved = recent.getByRole('row').filter({ hasText: role('kdb-equities-readonly') }).first();
  await expect(saved).toContainText('IAM role');
  await expect(saved).toContainText('succeeded');

  // The page reloads the record: a second edit goes through with a fresh client token.
  await expect(page.getByRole('region', { name: 'Current record' }).locator('[data-key="iam_role"]'))
    .toContainText(role('kdb-equities-readonly'));
  await page.getByLabel('IAM role').fill(role('kdb-equities-quant'));
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('region', { name: 'Review the change' }).getByRole('button', { name: 'Submit changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The record AWS returned' }).locator('[data-key="iam_role"]'))
    .toContainText(role('kdb-equities-quant'));
});

test('FinSpace: an invalid role ARN is shown next to the field and nothing is sent', async ({ page, errors }) => {
  const sent: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/')) sent.push(r.url()); });
  await page.goto(userPage('aokafor'));
  await hydrated(page);
  const iamRole = page.getByLabel('IAM role');
  await iamRole.fill('arn:aws:iam::12345:role/kdb-equities-admin');
  await page.getByRole('button', { name: 'Review changes' }).click();

  await expect(iamRole).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-iam_role-error')).toContainText('12-digit AWS account id');
  await expect(iamRole).toBeFocused();

  await iamRole.fill('arn:aws:iam::123456789012:role/has space');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.locator('#f-iam_role-error')).toContainText('may contain only letters, digits');
  await expect(page.getByRole('region', { name: 'Review the change' })).toHaveCount(0);
  expect(sent).toEqual([]);
});

test('FinSpace: the user page has no serious accessibility violations', async ({ page }) => {
  await page.goto(userPage('aokafor'));
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('FinSpace: the list links each user to their page', async ({ page }) => {
  await page.goto(`/finspace/environments/${ENVIRONMENT}?q=gateway`);
  await page.getByRole('link', { name: 'q-gateway-svc', exact: true }).click();
  await expect(page).toHaveURL(userPage('q-gateway-svc'));
  await expect(page.getByRole('heading', { name: /kdb user q-gateway-svc/ })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('FinSpace: a plain form post still updates the user', async ({ page }, testInfo) => {
    await page.goto(userPage('q-gateway-svc'));
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await page.getByLabel('IAM role').fill(role('kdb-equities-ingest'));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
    await expect(outcome).toBeVisible();
    await expect(outcome.locator('[data-key="iam_role"]')).toHaveClass(/changed/);
    await expect(outcome.locator('[data-key="iam_role"]')).toContainText(role('kdb-equities-ingest'));
    await shot(page, testInfo, 'finspace-nojs-result');
  });

  test('FinSpace: a plain post with a bad ARN comes back with the error and what was typed', async ({ page }) => {
    await page.goto(userPage('q-gateway-svc'));
    const typed = 'arn:aws:iam::123456789012:user/q-gateway-svc';
    await page.getByLabel('IAM role').fill(typed);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.locator('#f-iam_role-error')).toContainText('must be an IAM role ARN like');
    await expect(page.getByLabel('IAM role')).toHaveValue(typed);
    await expect(page.getByLabel('IAM role')).toHaveAttribute('aria-invalid', 'true');
  });
});
