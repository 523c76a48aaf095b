import * as fs from 'node:fs';
import { test, expect, shot, hydrated } from './fixtures';

const BROKER = 'b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10'; // orders-prod in the sandbox seed
const SECRET = 'Audit-e2e-Secret-2026';

test('Audit: a change made in the browser is on the Audit page, found by the filters, and in the CSV', async ({ page, errors }, testInfo) => {
  // A change, as Ada (the admin session every spec runs with).
  await page.goto(`/mq/brokers/${BROKER}/users/shipping-notifier`);
  await hydrated(page);
  await page.getByLabel('New password', { exact: true }).fill(SECRET);
  await page.getByLabel('Groups').fill('orders-readers, audit-e2e');
  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Submit changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The record AWS returned' })).toBeVisible();

  // The Audit page, narrowed to it with the filters (a GET form).
  await page.getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit' })).toBeVisible();
  await page.getByLabel('Actor').fill('ada');
  await page.getByLabel('Service', { exact: true }).selectOption('mq');
  await page.getByLabel('Target contains').fill('shipping-notifier');
  await page.getByLabel('Outcome').selectOption('succeeded');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/actor=ada/);
  const row = page.locator('table.audit tbody tr').filter({ hasText: 'audit-e2e' }).first();
  await expect(row).toContainText('Ada (admin)');
  await expect(row).toContainText('Password: changed');
  await expect(row).toContainText('succeeded');
  await expect(page.locator('body')).not.toContainText(SECRET);
  await shot(page, testInfo, 'audit-filtered');

  // The filtered view downloads as CSV: the change is in it, the password is not.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'seq,at,phase,intent,action,actor,actor_name,actor_email,role,sign_in_mode,client_ip,service,location,target,changes,outcome,outcome_code,aws_request_ids,request_id,duration_ms',
  );
  expect(csv).toContain('shipping-notifier');
  expect(csv).toContain('audit-e2e');
  expect(csv).toContain('Password: changed');
  expect(csv).not.toContain(SECRET);
});
