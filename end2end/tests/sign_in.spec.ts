import { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, hydrated, shot, oidcAppURL, expectSentToSignIn, signInThroughProvider } from './fixtures';

// Sign-in, end to end, in the `sign-in` project (every test starts with no session):
// - through a real OpenID provider (oidc/provider.mjs) into the oidc-mode dashboard at
//   `oidcAppURL`, once per role, checking that each role has exactly its powers;
// - through the dev sign-in page of the sandbox dashboard (the project's baseURL).
// The oidc dashboard has its own sandbox, so edits here do not touch the other specs' data.

const BROKER = 'b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10'; // orders-prod in the sandbox seed
const mqUser = (u: string) => `/mq/brokers/${BROKER}/users/${u}`;
const FINSPACE_ENV = 'eqr4k7m2xw9t5pbn3hj6ca'; // equities-research in the sandbox seed
const finspaceUser = (u: string) => `/finspace/environments/${FINSPACE_ENV}/users/${u}`;

/** The people oidc/provider.mjs knows: their login, name (the `name` claim) and role. */
const ADA = { login: 'ada', name: 'Ada Admin', role: 'admin' };
const HAL = { login: 'hal', name: 'Hal Helpdesk', role: 'helpdesk' };
const VIC = { login: 'vic', name: 'Vic Viewer', role: 'viewer' };
const NORA = { login: 'nora' };

async function expectSignedInAs(page: Page, who: { name: string; role: string }) {
  await expect(page.locator('.whoami .person')).toHaveText(who.name);
  await expect(page.locator('.whoami .role')).toHaveText(who.role);
  await expect(page.locator('.whoami').getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const reviewButton = (page: Page) => page.getByRole('button', { name: 'Review changes' });
const outcome = (page: Page) => page.getByRole('status').filter({ hasText: 'The record AWS returned' });

test.describe('OpenID Connect', () => {
  test('admin: signs in through the provider and may edit everything', async ({ page, errors }, testInfo) => {
    await signInThroughProvider(page, ADA.login, mqUser('billing-worker'));
    // Back where the person was going (`next`), signed in.
    await expect(page).toHaveURL(`${oidcAppURL}${mqUser('billing-worker')}`);
    await hydrated(page);
    await expectSignedInAs(page, ADA);
    await shot(page, testInfo, 'oidc-admin-signed-in');

    await page.getByLabel('Groups').fill('billing, oidc-admins-were-here');
    await page.getByLabel('ActiveMQ Web Console access').check();
    await reviewButton(page).click();
    const review = page.getByRole('region', { name: 'Review the change' });
    await expect(review.getByRole('row', { name: /Groups/ })).toContainText('billing, oidc-admins-were-here');
    await review.getByRole('button', { name: 'Submit changes' }).click();

    await expect(outcome(page)).toBeVisible();
    const pendingGroups = outcome(page).locator('[data-key="pending_groups"]');
    await expect(pendingGroups).toHaveClass(/changed/);
    await expect(pendingGroups).toContainText('billing, oidc-admins-were-here');

    // A FinSpace field too: admin is not limited to passwords.
    await page.goto(`${oidcAppURL}${finspaceUser('gchen')}`);
    await hydrated(page);
    await expect(page.getByLabel('IAM role')).toBeEditable();
    await expect(reviewButton(page)).toBeVisible();
  });

  test('helpdesk: may change an MQ password, nothing else', async ({ page, errors }, testInfo) => {
    await signInThroughProvider(page, HAL.login, mqUser('amara.okafor'));
    await expect(page).toHaveURL(`${oidcAppURL}${mqUser('amara.okafor')}`);
    await hydrated(page);
    await expectSignedInAs(page, HAL);

    // Only the password may change here; the rest is shown, not editable.
    await expect(page.getByLabel('New password', { exact: true })).toBeEditable();
    await expect(page.getByLabel('Groups')).not.toBeEditable();
    await expect(page.getByLabel('ActiveMQ Web Console access')).not.toBeEditable();
    await shot(page, testInfo, 'oidc-helpdesk-mq');

    await page.getByLabel('New password', { exact: true }).fill('Helpdesk-reset-2026');
    await reviewButton(page).click();
    const review = page.getByRole('region', { name: 'Review the change' });
    await expect(review.getByRole('row', { name: /Password/ })).toContainText('will be changed');
    await review.getByRole('button', { name: 'Submit changes' }).click();
    await expect(outcome(page)).toBeVisible();
    await expect(page.locator('body')).not.toContainText('Helpdesk-reset-2026');

    // MemoryDB: the two passwords may change, the access string may not.
    await page.goto(`${oidcAppURL}/memorydb`);
    await hydrated(page);
    await page.getByRole('link', { name: 'app-orders', exact: true }).click();
    await hydrated(page);
    await expect(page.getByLabel('Password 1', { exact: true })).toBeEditable();
    await expect(page.getByLabel('Password 2', { exact: true })).toBeEditable();
    await expect(page.getByLabel('Access string')).not.toBeEditable();

    // FinSpace has no password: the whole record is read-only, with the reason, and no submit.
    await page.goto(`${oidcAppURL}${finspaceUser('gchen')}`);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: /kdb user gchen/ })).toBeVisible();
    await expect(page.getByText(/Your role is helpdesk: changing .+ users needs the admin role\./)).toBeVisible();
    await expect(page.getByLabel('IAM role')).not.toBeEditable();
    await expect(reviewButton(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Submit changes' })).toHaveCount(0);
    await shot(page, testInfo, 'oidc-helpdesk-finspace');
  });

  test('helpdesk: a groups change forced past the read-only field is refused by the server', async ({ page, errors }) => {
    await signInThroughProvider(page, HAL.login, mqUser('billing-worker'));
    await hydrated(page);
    await expectSignedInAs(page, HAL);
    const groups = page.getByLabel('Groups');
    const before = await groups.inputValue();
    // What a person with the browser's devtools could do: the server must still say no.
    await groups.evaluate((input) => input.removeAttribute('readonly'));
    await groups.fill('billing, helpdesk-sneaked-in');
    await page.getByLabel('New password', { exact: true }).fill('Helpdesk-reset-2027');
    await reviewButton(page).click();
    await page.getByRole('region', { name: 'Review the change' }).getByRole('button', { name: 'Submit changes' }).click();

    await expect(page.getByText(/needs the admin role; you are signed in as helpdesk/)).toBeVisible();
    await expect(outcome(page)).toHaveCount(0);
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('Groups')).toHaveValue(before);
  });

  test('viewer: sees users, may change none', async ({ page, errors }, testInfo) => {
    await signInThroughProvider(page, VIC.login);
    await expect(page).toHaveURL(`${oidcAppURL}/`);
    await hydrated(page);
    await expectSignedInAs(page, VIC);

    await page.goto(`${oidcAppURL}/mq/brokers/${BROKER}`);
    await hydrated(page);
    await expect(page.getByRole('link', { name: 'billing-worker', exact: true })).toBeVisible();

    await page.goto(`${oidcAppURL}${mqUser('billing-worker')}`);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: /MQ user billing-worker/ })).toBeVisible();
    await expect(page.getByText('Your role is viewer: you can look at users but not change them.')).toBeVisible();
    await expect(page.getByLabel('New password', { exact: true })).not.toBeEditable();
    await expect(page.getByLabel('Groups')).not.toBeEditable();
    await expect(reviewButton(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Submit changes' })).toHaveCount(0);
    await shot(page, testInfo, 'oidc-viewer-mq');
  });

  test('a person in no mapped group is told so and not signed in', async ({ page, errors }, testInfo) => {
    await signInThroughProvider(page, NORA.login);
    await expect(page).toHaveURL(`${oidcAppURL}/auth/sign-in?reason=no-role`);
    await expect(page.getByRole('status')).toContainText(
      'You signed in, but your account is in no group that gives a role in userdesk.',
    );
    await expect(page.locator('.whoami')).toHaveCount(0);
    await shot(page, testInfo, 'oidc-no-role');
    // Still no session: the dashboard sends her back to sign in.
    await page.goto(`${oidcAppURL}/mq`);
    await expectSentToSignIn(page, oidcAppURL, '/mq');
  });

  test('signing out ends the session on the server: the old cookie no longer works', async ({ page, context, browser, errors }) => {
    await signInThroughProvider(page, ADA.login);
    await hydrated(page);
    await expectSignedInAs(page, ADA);
    const cookies = await context.cookies(oidcAppURL);
    expect(cookies.map((c) => c.name)).toContain('userdesk');

    // The saved cookie works in another browser while the session lives…
    await expectCookieSignedIn(browser, cookies, true);

    await page.locator('.whoami').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${oidcAppURL}/auth/sign-in?reason=signed-out`);
    await expect(page.getByRole('status')).toHaveText('You are signed out.');

    // …and not after signing out, although the browser still holds it.
    await expectCookieSignedIn(browser, cookies, false);
  });
});

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

/** Opens the oidc dashboard in a fresh browser context holding only `cookies`. */
async function expectCookieSignedIn(browser: Browser, cookies: Cookies, signedIn: boolean) {
  const other = await browser.newContext();
  try {
    await other.addCookies(cookies);
    const page = await other.newPage();
    await page.goto(`${oidcAppURL}/mq`);
    if (signedIn) {
      await expect(page).toHaveURL(`${oidcAppURL}/mq`);
      await expect(page.locator('.whoami .person')).toHaveText(ADA.name);
    } else {
      await expectSentToSignIn(page, oidcAppURL, '/mq');
      await expect(page.locator('.whoami')).toHaveCount(0);
    }
  } finally {
    await other.close();
  }
}

test.describe('dev sign-in page (sandbox)', () => {
  // The project's baseURL: the dev-mode dashboard the other specs use.
  let devAppURL = '';
  test.beforeEach(({ baseURL }) => {
    devAppURL = baseURL!;
  });

  for (const [button, role] of [
    ['Ada (admin)', 'admin'],
    ['Hal (helpdesk)', 'helpdesk'],
    ['Vic (viewer)', 'viewer'],
  ] as const) {
    test(`"${button}" signs in with the ${role} role`, async ({ page, errors }) => {
      await page.goto('/');
      await expectSentToSignIn(page, devAppURL, '/');
      await hydrated(page);
      await page.getByRole('button', { name: button }).click();
      await expect(page).toHaveURL('/');
      await hydrated(page);
      await expect(page.locator('.whoami .person')).toHaveText(button);
      await expect(page.locator('.whoami .role')).toHaveText(role);
    });
  }

  test('a page opened without a session goes to sign-in and comes back after it', async ({ page, errors }) => {
    await page.goto(mqUser('billing-worker'));
    await expectSentToSignIn(page, devAppURL, mqUser('billing-worker'));
    await hydrated(page);
    await page.getByRole('button', { name: 'Hal (helpdesk)' }).click();
    await expect(page).toHaveURL(mqUser('billing-worker'));
    await hydrated(page);
    await expect(page.getByRole('heading', { name: /MQ user billing-worker/ })).toBeVisible();
    await expect(page.locator('.whoami .role')).toHaveText('helpdesk');
  });

  test('signing out comes back to the sign-in page and ends the session', async ({ page, errors }) => {
    await page.goto('/auth/sign-in');
    await hydrated(page);
    await page.getByRole('button', { name: 'Vic (viewer)' }).click();
    await expect(page.locator('.whoami .role')).toHaveText('viewer');
    await page.locator('.whoami').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/auth/sign-in?reason=signed-out');
    await expect(page.getByRole('status')).toHaveText('You are signed out.');
    await page.goto('/mq');
    await expectSentToSignIn(page, devAppURL, '/mq');
  });
});
