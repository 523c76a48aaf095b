import { Page } from '@playwright/test';
import { test, expect, hydrated, shot, oidcAppURL, signInThroughProvider } from './fixtures';

// The helpdesk's day, as Hal (helpdesk role) signed in through the test OpenID provider into
// the oidc-mode dashboard (its own sandbox): find a user across services with the header's
// search box, reset an MQ and a MemoryDB password, see each new password once, and find it
// gone after the countdown and after a reload; the audit page lists the resets without the
// values, and the group and access-string fields stay out of reach.

const BROKER = 'b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10'; // orders-prod in the sandbox seed

/** Searches every service from the header's search box. */
async function search(page: Page, query: string) {
  const box = page.getByRole('search', { name: 'Find a user' });
  await box.getByRole('searchbox').fill(query);
  await box.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(`${oidcAppURL}/search?q=${encodeURIComponent(query)}`);
}

/** The results section of one service on the search page. */
const results = (page: Page, service: string) => page.locator(`section[data-service="${service}"]`);

/** Resets the password on the user page the browser is on, with a generated one; returns it. */
async function resetWithGeneratedPassword(page: Page, user: string): Promise<string> {
  const reset = page.getByRole('region', { name: 'Reset the password' });
  await expect(reset.getByLabel('Generate one (24 letters and digits, shown once)')).toBeChecked();
  // The box must be ticked: without it, the page says so and nothing is sent.
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset.getByText(`Confirm: tick the box to reset the password of ${user}`)).toBeVisible();
  await reset.getByLabel(`I want to reset the password of ${user}`).check();
  await reset.getByRole('button', { name: 'Reset password' }).click();
  const shown = page.getByTestId('new-password');
  await expect(shown).toBeVisible();
  const password = (await shown.textContent()) ?? '';
  expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
  await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(page.locator('.one-time .countdown')).toHaveText(/^[0-9]+$/);
  return password;
}

test('helpdesk: finds a user across services and resets MQ and MemoryDB passwords once', async ({ page, errors }, testInfo) => {
  await page.clock.install();
  await signInThroughProvider(page, 'hal', '/');
  await expect(page).toHaveURL(`${oidcAppURL}/`);
  await hydrated(page);
  await expect(page.locator('.whoami .role')).toHaveText('helpdesk');

  // Amara Okafor is a user of MQ, MemoryDB, the identity store and Wickr: one search finds her
  // in each, and FinSpace (which has no such user) answers too.
  await search(page, 'amara');
  await expect(results(page, 'mq').getByRole('link', { name: 'amara.okafor' })).toBeVisible();
  await expect(results(page, 'memorydb').getByRole('link', { name: 'amara-okafor' })).toBeVisible();
  await expect(results(page, 'identitystore').getByRole('link', { name: 'Amara Okafor' })).toBeVisible();
  await expect(results(page, 'wickr').getByRole('link', { name: 'Amara Okafor' })).toBeVisible();
  await expect(results(page, 'finspace')).toContainText('No match among');
  await shot(page, testInfo, 'helpdesk-search');

  // MQ: from the search result straight to the reset.
  await search(page, 'billing-worker');
  await results(page, 'mq').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'billing-worker', exact: true }) })
    .getByRole('link', { name: 'Reset password' }).click();
  await expect(page).toHaveURL(`${oidcAppURL}/mq/brokers/${BROKER}/users/billing-worker#reset-password`);
  await hydrated(page);
  // The groups and console access are not the helpdesk's to change; no reboot button either.
  await expect(page.getByLabel('Groups')).not.toBeEditable();
  await expect(page.getByLabel('ActiveMQ Web Console access')).not.toBeEditable();
  await expect(page.getByRole('region', { name: 'Reboot the broker' })).toHaveCount(0);
  const mqPassword = await resetWithGeneratedPassword(page, 'billing-worker');
  await expect(page.getByText(/Password reset\. ActiveMQ applies user changes at the broker's next reboot/)).toBeVisible();
  await shot(page, testInfo, 'helpdesk-mq-password-shown-once');
  // The countdown ends: the password is gone from the page.
  await page.clock.fastForward(61_000);
  await expect(page.getByTestId('new-password')).toHaveCount(0);
  expect(await page.content()).not.toContain(mqPassword);
  // And a reload never brings it back.
  await page.reload();
  await hydrated(page);
  expect(await page.content()).not.toContain(mqPassword);

  // MemoryDB: the access string is not the helpdesk's; the password is.
  await search(page, 'app-orders');
  await results(page, 'memorydb').getByRole('listitem').filter({ has: page.getByRole('link', { name: 'app-orders', exact: true }) })
    .getByRole('link', { name: 'Reset password' }).click();
  await expect(page).toHaveURL(`${oidcAppURL}/memorydb/users/app-orders#reset-password`);
  await hydrated(page);
  await expect(page.getByLabel('Access string')).not.toBeEditable();
  const dbPassword = await resetWithGeneratedPassword(page, 'app-orders');
  expect(dbPassword).not.toEqual(mqPassword);
  await shot(page, testInfo, 'helpdesk-memorydb-password-shown-once');
  // "Hide now" ends it at once.
  await page.getByRole('button', { name: 'Hide now' }).click();
  await expect(page.getByTestId('new-password')).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  expect(await page.content()).not.toContain(dbPassword);

  // The audit page lists both resets as password resets, and neither value.
  await page.goto(`${oidcAppURL}/audit`);
  await hydrated(page);
  const rows = page.locator('table tbody tr').filter({ hasText: 'password reset' });
  await expect(rows.filter({ hasText: 'billing-worker' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'app-orders' }).first()).toBeVisible();
  const audit = await page.content();
  expect(audit).not.toContain(mqPassword);
  expect(audit).not.toContain(dbPassword);
  await shot(page, testInfo, 'helpdesk-audit');
});

test('helpdesk: resets a Wickr user\'s devices, suspends and re-invites, each confirmed', async ({ page, errors }, testInfo) => {
  await signInThroughProvider(page, 'hal', '/wickr/networks/24681357/users/1002');
  await hydrated(page);
  const devices = page.getByRole('region', { name: 'Devices', exact: true });
  await expect(devices.getByRole('row')).toHaveCount(3); // a heading row and two devices

  const reset = page.getByRole('region', { name: 'Reset devices' });
  await reset.getByLabel(/I want to sign Bjorn Lindqvist out of every device/).check();
  await reset.getByRole('button', { name: 'Sign out of all devices' }).click();
  await expect(page.getByText('Every device is reset')).toBeVisible();
  await expect(devices.getByRole('cell', { name: 'Reset' })).toHaveCount(2);

  const suspend = page.getByRole('region', { name: 'Suspend', exact: true });
  await suspend.getByLabel(/I want to suspend Bjorn Lindqvist/).check();
  await suspend.getByRole('button', { name: 'Suspend user' }).click();
  await expect(page.getByText('Suspended: the user cannot use Wickr until unsuspended.')).toBeVisible();
  const unsuspend = page.getByRole('region', { name: 'Unsuspend', exact: true });
  await unsuspend.getByLabel('I want to unsuspend Bjorn Lindqvist').check();
  await unsuspend.getByRole('button', { name: 'Unsuspend user' }).click();
  await expect(page.getByText('Unsuspended: the user can use Wickr again.')).toBeVisible();
  await shot(page, testInfo, 'helpdesk-wickr');

  // A pending invitation can be sent again.
  await page.goto(`${oidcAppURL}/wickr/networks/24681357/users/1028`);
  await hydrated(page);
  const invite = page.getByRole('region', { name: 'Invitation' });
  await invite.getByLabel(/I want to send .*'s invitation again/).check();
  await invite.getByRole('button', { name: 'Send the invitation again' }).click();
  await expect(page.getByText('Invitation sent again.')).toBeVisible();

  // Identity Center: no button that cannot work, a pointer to the console instead.
  await page.goto(`${oidcAppURL}/identitystore/stores/d-9067a1b2c3/users/9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91`);
  await hydrated(page);
  await expect(page.getByText('IAM Identity Center passwords cannot be reset through any AWS API')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the IAM Identity Center console' })).toHaveAttribute('href', 'https://console.aws.amazon.com/singlesignon/home');
});
