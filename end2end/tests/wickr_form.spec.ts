import AxeBuilder from '@axe-core/playwright';
import { test, expect, shot, hydrated } from './fixtures';

// Meridian Operations in the sandbox seed. Each test edits its own user, so the order of the
// tests (and of the other specs, which share the sandbox) does not matter.
const NETWORK = '24681357';
const userPage = (id: string) => `/wickr/networks/${NETWORK}/users/${id}`;

test('Wickr: edit a user, review, submit, see the record AWS returns', async ({ page, errors }, testInfo) => {
  await page.goto(userPage('1003'));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: /Wickr user carmen\.ruiz@meridian-ops\.com/ })).toBeVisible();
  await expect(page.getByText('restricted to networks under preview')).toBeVisible();

  await page.getByLabel('Username').fill('carmen@meridian-ops.com');
  await page.getByLabel('Last name').fill('Ruiz-Moreno');
  await page.getByLabel('Security group').selectOption({ label: 'Executives' });
  await page.getByLabel('Invite code', { exact: true }).fill('MRD-2026-CR');
  await page.getByLabel('Invite code TTL (days)').fill('14');
  await page.getByLabel(/^Code validation/).check();
  await page.getByRole('button', { name: 'Review changes' }).click();

  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review).toBeVisible();
  await expect(review.getByRole('row', { name: /^Username/ })).toContainText('carmen.ruiz@meridian-ops.com');
  await expect(review.getByRole('row', { name: /^Username/ })).toContainText('carmen@meridian-ops.com');
  const group = review.getByRole('row', { name: /^Security group/ });
  await expect(group).toContainText('Field Engineering');
  await expect(group).toContainText('Executives');
  await expect(review.getByRole('row', { name: /^Invite code TTL/ })).toContainText('14 days from now');
  await expect(review.getByRole('row', { name: /^Code validation/ })).toContainText('yes');
  await expect(review.getByRole('row', { name: /^First name/ })).toHaveCount(0);
  await shot(page, testInfo, 'wickr-review');

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText('does not include the username');
  for (const key of ['username', 'last_name', 'security_group_id', 'invite_code', 'code_validation']) {
    await expect(outcome.locator(`[data-key="${key}"]`)).toHaveClass(/changed/);
  }
  await expect(outcome.locator('[data-key="first_name"]')).not.toHaveClass(/changed/);
  await expect(outcome.locator('[data-key="security_group_id"]')).toContainText('Executives');
  await expect(outcome.locator('[data-key="username"]')).toContainText('carmen@meridian-ops.com');
  await expect(outcome.locator('[data-key="invite_code"]')).toContainText('MRD-2026-CR');
  // The form reopens on the record as it now is.
  await expect(page.getByLabel('Security group')).toHaveValue('Xp7LwT2a');
  await shot(page, testInfo, 'wickr-result');
});

test('Wickr: invalid input is shown next to the field and nothing is sent', async ({ page, errors }) => {
  const sent: string[] = [];
  // Only the update counts: the page reads the user again after a save.
  page.on('request', (r) => { if (r.url().includes('/api/update_wickr_user')) sent.push(r.url()); });
  // The deep link from the network's user list.
  await page.goto(`/wickr/networks/${NETWORK}`);
  await page.getByRole('link', { name: 'bjorn.lindqvist@meridian-ops.com' }).click();
  await expect(page).toHaveURL(new RegExp(`${userPage('1002')}$`));
  await hydrated(page);

  await page.getByLabel('Username').fill('bjorn lindqvist');
  await page.getByLabel('Invite code TTL (days)').fill('0');
  await page.getByRole('button', { name: 'Review changes' }).click();

  const username = page.getByLabel('Username');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-username-error')).toContainText('must not contain spaces');
  await expect(page.getByLabel('Invite code TTL (days)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-invite_code_ttl-error')).toContainText('from 1 to 3650');
  await expect(username).toBeFocused();
  await expect(page.getByRole('region', { name: 'Review the change' })).toHaveCount(0);
  expect(sent).toEqual([]);
});

test('Wickr: the form page has no serious accessibility violations', async ({ page }) => {
  await page.goto(userPage('1001'));
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Wickr: a plain form post still updates the user', async ({ page }, testInfo) => {
    await page.goto(userPage('1004'));
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
    await page.getByLabel('Last name').fill('Volkov-Smirnov');
    await page.getByLabel('Security group').selectOption({ label: 'Default' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    const outcome = page.getByRole('status').filter({ hasText: 'The record AWS returned' });
    await expect(outcome).toBeVisible();
    await expect(outcome.locator('[data-key="security_group_id"]')).toContainText('Default');
    await expect(outcome.locator('[data-key="security_group_id"]')).toHaveClass(/changed/);
    await expect(outcome.locator('[data-key="last_name"]')).toContainText('Volkov-Smirnov');
    await shot(page, testInfo, 'wickr-nojs-result');
  });

  test('Wickr: a plain post with a bad username comes back with the error and what was typed', async ({ page }) => {
    await page.goto(userPage('1005'));
    await page.getByLabel('Username').fill('elena p@meridian-ops.com');
    await page.getByLabel('First name').fill('Eleni');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.locator('#f-username-error')).toContainText('must not contain spaces');
    await expect(page.getByLabel('Username')).toHaveValue('elena p@meridian-ops.com');
    await expect(page.getByLabel('First name')).toHaveValue('Eleni');
    await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  });
});
