import { test as setup, expect, adminState } from './fixtures';

// The dashboard answers only signed-in people: sign in once as Ada (admin) through the dev
// sign-in page and keep the session cookie for the `chromium` project's specs.
setup('sign in as Ada (admin) on the dev sign-in page', async ({ page, errors }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/auth\/sign-in\?next=%2F|\/auth\/sign-in\?next=\//);
  await page.getByRole('button', { name: 'Ada (admin)' }).click();
  await expect(page.locator('.whoami .role')).toHaveText('admin');
  await page.context().storageState({ path: adminState });
});
