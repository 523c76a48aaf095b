import { test as setup, expect } from '@playwright/test';
import { adminState } from './fixtures';

// The dashboard answers only signed-in people: sign in once as Ada (admin) through the dev
// sign-in page and keep the session cookie for the `chromium` project's specs. The sign-in
// page's own console is checked by sign_in.spec.ts; a message there must not stop every spec.
setup('sign in as Ada (admin) on the dev sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL((url) => url.pathname === '/auth/sign-in');
  await page.getByRole('button', { name: 'Ada (admin)' }).click();
  await expect(page.locator('.whoami .role')).toHaveText('admin');
  await page.context().storageState({ path: adminState });
});
