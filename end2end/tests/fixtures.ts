import { test as base, expect, Page, TestInfo } from '@playwright/test';
import * as path from 'node:path';

/** Fails the test on any uncaught page error or console error (a broken hydration shows up here). */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // A server function answering 4xx/5xx for an expected failure (shown on the page) makes
      // Chromium log "Failed to load resource"; that is the app working, not an error.
      if (m.text().startsWith('Failed to load resource') && m.location().url.includes('/api/')) return;
      errors.push(`console: ${m.text()}`);
    });
    await use(errors);
    expect(errors, 'no errors in the browser console').toEqual([]);
  },
});

export { expect };

/** Saves a full-page screenshot as a test artifact (test-results/…/<name>.png). */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Waits until the wasm bundle has hydrated the page (the script marks <body>). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', undefined, { timeout: 30_000 });
}

/**
 * The dashboard's embedded sandbox, on the port playwright.config.ts gives it (same variable,
 * same default): specs plant data there through the AWS wire APIs and reset it after.
 */
export const sandboxURL = `http://127.0.0.1:${Number(process.env.USERDESK_E2E_SANDBOX_PORT ?? 39124)}`;

/**
 * The dashboard that signs people in through the test OpenID provider (oidc/provider.mjs), on
 * the port playwright.config.ts gives it (same variable, same default).
 */
export const oidcAppURL = `http://127.0.0.1:${Number(process.env.USERDESK_E2E_OIDC_APP_PORT ?? 39126)}`;

/** The test OpenID provider (oidc/provider.mjs), on its port from playwright.config.ts. */
export const oidcProviderURL = `http://127.0.0.1:${Number(process.env.USERDESK_E2E_OIDC_PORT ?? 39125)}`;

/**
 * The dev-mode dashboard's session of Ada (admin), saved by auth.setup.ts; the `chromium`
 * project's specs start signed in with it (playwright.config.ts `storageState`).
 */
export const adminState = path.join(__dirname, '..', 'test-results', '.auth', 'admin.json');

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `page` is on `app`'s sign-in page, asked to come back to `next` afterwards. */
export async function expectSentToSignIn(page: Page, app: string, next: string) {
  await expect(page).toHaveURL((url) => url.origin === app && url.pathname === '/auth/sign-in'
    && url.searchParams.get('next') === next);
  await expect(page.getByRole('heading', { name: 'Sign in to userdesk' })).toBeVisible();
}

/**
 * Opens `path` on the oidc dashboard with no session, follows it to the sign-in page, and signs
 * in as `login` through the provider's login form (any password works there).
 */
export async function signInThroughProvider(page: Page, login: string, path = '/') {
  await page.goto(`${oidcAppURL}${path}`);
  await expectSentToSignIn(page, oidcAppURL, path);
  // A button today; a link would do as well (and is not subject to CSP `form-action`).
  const start = { name: 'Sign in with your company account' };
  await page.getByRole('button', start).or(page.getByRole('link', start)).click();

  await expect(page).toHaveURL(new RegExp(`^${escape(oidcProviderURL)}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password works here');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

