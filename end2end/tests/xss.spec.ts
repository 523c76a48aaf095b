import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, hydrated, sandboxURL } from './fixtures';

// No value a person or AWS can set becomes markup in the browser, with JavaScript (the user
// pages' islands hydrated, and re-rendered after a save) and without. Values are planted in
// the dashboard's embedded sandbox through the AWS wire APIs, in users no other spec edits;
// the sandbox is reset afterwards. MQ and FinSpace have no free-text attribute AWS accepts `<`
// in (names, groups and IAM role ARNs are restricted patterns): they are covered by typing
// into the form.

const STORE = 'd-9067a1b2c3'; // example-workforce
// identitystore_form.spec.ts edits these two; this spec takes another user of the store.
const TAKEN = new Set([
  '9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91',
  '9067a1b2c3-5e41ab08-7439-411e-a18a-02f46d8d86c3',
]);
const MEMORYDB_USER = 'svc-payments';
const BROKER = 'b-1f0c6a2e-7d3b-4c8e-9a51-3e2f8b7c4d10'; // orders-prod
const MQ_USER = 'analytics-etl';
const ENVIRONMENT = 'eqr4k7m2xw9t5pbn3hj6ca'; // equities-research
const KX_USER = 'rdb-loader';
const NETWORK = '24681357'; // Meridian Operations
const WICKR_USER = '1020';

/**
 * Markup for the value tagged `tag` ([a-z_]+): it closes an attribute, a textarea and the
 * title, then opens `<b id="xss-{tag}">` and a script setting `window.xss_{tag}`. The trailing
 * `&amp;` must be shown as those five characters.
 */
const payload = (tag: string) =>
  `"'></textarea></title><b id="xss-${tag}">x</b><script>window.xss_${tag}=1</script>&amp;`;
/** The same without whitespace, for user names: the parser reads `<b/id=…>` as `<b id=…>`. */
const compact = (tag: string) =>
  `"'></textarea></title><b/id="xss-${tag}">x</b><script>window.xss_${tag}=1</script>&amp;`;
/** A MemoryDB access string of one key-pattern rule, which AWS accepts. */
const accessString = (tag: string) => `~${compact(tag)}`;

/** The identity store form's fields (the `form[…]` names), in form order. */
const PROFILE_FIELDS = [
  'display_name', 'given_name', 'middle_name', 'family_name', 'formatted_name', 'nick_name',
  'title', 'user_type', 'email', 'phone_number', 'street_address', 'locality', 'region',
  'postal_code', 'country', 'formatted_address', 'preferred_language', 'locale', 'timezone',
  'profile_url',
];

let identityUser = '';
const identityPage = () => `/identitystore/stores/${STORE}/users/${identityUser}`;
const memorydbPage = `/memorydb/users/${MEMORYDB_USER}`;
const mqPage = `/mq/brokers/${BROKER}/users/${MQ_USER}`;
const finspacePage = `/finspace/environments/${ENVIRONMENT}/users/${KX_USER}`;
const wickrPage = `/wickr/networks/${NETWORK}/users/${WICKR_USER}`;

// ---- the sandbox, through the AWS wire APIs --------------------------------------------------

let sandbox: APIRequestContext;

/** An awsJson1_1 call (MemoryDB, IdentityStore); the sandbox checks no signature. */
async function awsJson(target: string, body: object): Promise<any> {
  const response = await sandbox.post('/', {
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target },
    data: JSON.stringify(body),
  });
  expect(response.ok(), `${target}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

test.beforeAll(async ({ playwright }) => {
  sandbox = await playwright.request.newContext({ baseURL: sandboxURL });
  const { Users } = await awsJson('AWSIdentityStore.ListUsers', { IdentityStoreId: STORE, MaxResults: 100 });
  identityUser = Users.map((u: { UserId: string }) => u.UserId).filter((id: string) => !TAKEN.has(id)).pop();
  expect(identityUser, 'a user of the store no other spec edits').toBeTruthy();

  const text = (tag: string) => payload(tag);
  const entry = (value: string, kind: string) => [{ Value: text(value), Type: text(kind), Primary: true }];
  const operations: Record<string, unknown> = {
    userName: compact('user_name'),
    name: {
      GivenName: text('given_name'), MiddleName: text('middle_name'), FamilyName: text('family_name'),
      Formatted: text('formatted_name'), HonorificPrefix: text('honorific_prefix'), HonorificSuffix: text('honorific_suffix'),
    },
    displayName: text('display_name'),
    nickName: text('nick_name'),
    title: text('title'),
    userType: text('user_type'),
    emails: entry('email', 'email_type'),
    phoneNumbers: entry('phone_number', 'phone_type'),
    addresses: [{
      StreetAddress: text('street_address'), Locality: text('locality'), Region: text('region'),
      PostalCode: text('postal_code'), Country: text('country'), Formatted: text('formatted_address'),
      Type: text('address_type'), Primary: true,
    }],
    preferredLanguage: text('preferred_language'),
    locale: text('locale'),
    timezone: text('timezone'),
    profileUrl: text('profile_url'),
    website: text('website'),
    birthdate: text('birthdate'),
    roles: entry('role', 'role_type'),
    photos: [{ Value: text('photo'), Type: text('photo_type'), Display: text('photo_display'), Primary: true }],
  };
  await awsJson('AWSIdentityStore.UpdateUser', {
    IdentityStoreId: STORE,
    UserId: identityUser,
    Operations: Object.entries(operations).map(([AttributePath, AttributeValue]) => ({ AttributePath, AttributeValue })),
  });

  // A retried worker plants again while the user may still be `modifying` (2 s): retry.
  await expect(async () => {
    await awsJson('AmazonMemoryDB.UpdateUser', { UserName: MEMORYDB_USER, AccessString: accessString('access_string') });
  }).toPass({ timeout: 10_000 });

  const wickr = await sandbox.patch(`/networks/${NETWORK}/users`, {
    data: {
      userId: WICKR_USER,
      userDetails: {
        firstName: payload('first_name'),
        lastName: payload('last_name'),
        username: compact('username'),
        inviteCode: payload('invite_code'),
      },
    },
  });
  expect(wickr.ok(), `Wickr UpdateUser: ${await wickr.text()}`).toBe(true);
  // The dashboard reuses a listing for USERDESK_LISTING_CACHE_SECONDS (1 s here): let any
  // listing read before the plants expire.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
});

test.afterAll(async () => {
  await sandbox?.post('/_sandbox/reset');
  await sandbox?.dispose();
});

// ---- what the page must (not) hold -----------------------------------------------------------

/** No payload became an element, and none of its scripts ran. */
async function expectNoMarkup(page: Page) {
  await expect(page.locator('[id^="xss-"]')).toHaveCount(0);
  const globals = await page.evaluate(() => Object.keys(window).filter((k) => k.startsWith('xss')));
  expect(globals, 'globals set by an injected script').toEqual([]);
}

async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await hydrated(page);
  await expectNoMarkup(page);
}

const control = (page: Page, field: string) => page.locator(`[name="form[${field}]"]`);
const current = (page: Page, key: string) =>
  page.getByRole('region', { name: 'Current record' }).locator(`[data-key="${key}"] .value`);
const outcomeOf = (page: Page) => page.getByRole('status').filter({ hasText: 'The record AWS returned' });

for (const js of [true, false]) {
  test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled: js });

    test('Identity Center: values set through AWS are text in the list and on the user page', async ({ page, errors }) => {
      await open(page, `/identitystore/stores/${STORE}?q=xss-`, js);
      const row = page.locator('table.list tbody tr');
      await expect(row).toHaveCount(1);
      await expect(row.locator('th a')).toHaveText(compact('user_name'));
      await expect(row.locator('td').nth(0)).toHaveText(payload('display_name'));
      await expect(row.locator('td').nth(1)).toHaveText(payload('email'));

      // With JavaScript the router renders the user page in the browser.
      await row.locator('th a').click();
      await expect(page).toHaveURL(identityPage());
      await expectNoMarkup(page);
      await page.reload();
      if (js) await hydrated(page);
      await expectNoMarkup(page);
      await expect(page).toHaveTitle(`Identity Center user ${compact('user_name')} · userdesk`);
      await expect(page.locator('h1 code')).toHaveText(compact('user_name'));
      for (const field of PROFILE_FIELDS) {
        await expect(control(page, field), field).toHaveValue(payload(field));
        await expect(current(page, field), field).toHaveText(payload(field));
      }
    });

    test('MemoryDB: an access string set through AWS is text in the list and on the user page', async ({ page, errors }) => {
      await open(page, `/memorydb?q=xss-`, js);
      const row = page.locator('table.list tbody tr');
      await expect(row).toHaveCount(1);
      await expect(row.locator('td').filter({ hasText: 'xss-' })).toHaveText(accessString('access_string'));
      await row.locator('th a').click();
      await expect(page).toHaveURL(memorydbPage);
      await expectNoMarkup(page);
      await open(page, memorydbPage, js);
      await expect(control(page, 'access_string')).toHaveValue(accessString('access_string'));
      await expect(current(page, 'access_string')).toHaveText(accessString('access_string'));
    });

    test('Wickr: names, username and invite code set through AWS are text in the list and on the user page', async ({ page, errors }) => {
      await open(page, `/wickr/networks/${NETWORK}?q=xss-`, js);
      const row = page.locator('table.list tbody tr');
      await expect(row).toHaveCount(1);
      await expect(row.locator('th a')).toHaveText(compact('username'));
      await expect(row.locator('td').nth(0)).toHaveText(`${payload('first_name')} ${payload('last_name')}`);
      await row.locator('th a').click();
      await expect(page).toHaveURL(wickrPage);
      await expectNoMarkup(page);
      await open(page, wickrPage, js);
      await expect(page).toHaveTitle(`Wickr user ${compact('username')} · userdesk`);
      for (const [field, value] of [
        ['first_name', payload('first_name')],
        ['last_name', payload('last_name')],
        ['username', compact('username')],
        ['invite_code', payload('invite_code')],
      ]) {
        await expect(control(page, field), field).toHaveValue(value);
        await expect(current(page, field), field).toHaveText(value);
      }
    });

    test('a list filter holding markup is text', async ({ page, errors }) => {
      const q = payload('q');
      for (const list of ['/memorydb', `/mq/brokers/${BROKER}`, `/identitystore/stores/${STORE}`, `/wickr/networks/${NETWORK}`]) {
        await open(page, `${list}?q=${encodeURIComponent(q)}`, js);
        await expect(page.getByLabel('Filter by name')).toHaveValue(q);
        await expect(page.locator('p.summary')).toContainText(`“${q}”`);
      }
    });
  });
}

// ---- typed into the form ---------------------------------------------------------------------

test('Identity Center: markup typed into the form is text in the review and in the record AWS returned', async ({ page, errors }) => {
  await open(page, identityPage(), true);
  for (const field of PROFILE_FIELDS) await control(page, field).fill(payload(`saved_${field}`));
  await page.getByRole('button', { name: 'Review changes' }).click();
  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review.getByRole('row')).toHaveCount(1 + PROFILE_FIELDS.length);
  await expect(review.getByRole('row', { name: /^Display name/ }).getByRole('cell').nth(1)).toHaveText(payload('saved_display_name'));
  await expectNoMarkup(page);

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = outcomeOf(page);
  await expect(outcome).toBeVisible();
  await expect(outcome.getByRole('heading', { name: `Saved: ${payload('saved_display_name')}` })).toBeVisible();
  for (const field of PROFILE_FIELDS) {
    await expect(outcome.locator(`[data-key="${field}"] .value`), field).toHaveText(payload(`saved_${field}`));
    await expect(outcome.locator(`[data-key="${field}"] .was`), field).toContainText(payload(field));
    await expect(control(page, field), field).toHaveValue(payload(`saved_${field}`));
  }
  await expectNoMarkup(page);
});

test('Wickr: markup typed into the form is text in the review and in the record AWS returned', async ({ page, errors }) => {
  await open(page, wickrPage, true);
  await control(page, 'first_name').fill(payload('saved_first_name'));
  await control(page, 'last_name').fill(payload('saved_last_name'));
  await control(page, 'username').fill(compact('saved_username'));
  await page.getByRole('button', { name: 'Review changes' }).click();
  const review = page.getByRole('region', { name: 'Review the change' });
  await expect(review.getByRole('row', { name: /^First name/ }).getByRole('cell').nth(1)).toHaveText(payload('saved_first_name'));
  await expectNoMarkup(page);

  await review.getByRole('button', { name: 'Submit changes' }).click();
  const outcome = outcomeOf(page);
  await expect(outcome).toBeVisible();
  await expect(outcome.locator('[data-key="first_name"] .value')).toHaveText(payload('saved_first_name'));
  await expect(outcome.locator('[data-key="username"] .value')).toHaveText(compact('saved_username'));
  await expect(outcome.locator('[data-key="last_name"] .was')).toContainText(payload('last_name'));
  await expectNoMarkup(page);
});

test.describe('without JavaScript, a refused post comes back as text', () => {
  test.use({ javaScriptEnabled: false });

  /** Saves the form and expects the page back with what was typed (`?draft=`). */
  async function saveDraft(page: Page) {
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?draft=/);
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoMarkup(page);
  }

  test('Identity Center: every field, then a saved record', async ({ page }) => {
    await open(page, identityPage(), false);
    for (const field of PROFILE_FIELDS) await control(page, field).fill(payload(`draft_${field}`));
    // Refused: AWS allows no zero-width space.
    await control(page, 'nick_name').fill(`${payload('draft_nick_name')}\u200B`);
    await saveDraft(page);
    for (const field of PROFILE_FIELDS.filter((f) => f !== 'nick_name')) {
      await expect(control(page, field), field).toHaveValue(payload(`draft_${field}`));
    }
    await expect(control(page, 'nick_name')).toHaveValue(`${payload('draft_nick_name')}\u200B`);

    // Fixed, the same values save; the result page shows the record AWS returned.
    await control(page, 'nick_name').fill(payload('draft_nick_name'));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\?result=/);
    await expectNoMarkup(page);
    const outcome = outcomeOf(page);
    await expect(outcome.locator('[data-key="formatted_address"] .value')).toHaveText(payload('draft_formatted_address'));
    await expect(control(page, 'formatted_address')).toHaveValue(payload('draft_formatted_address'));
  });

  test('MemoryDB: the access string', async ({ page }) => {
    await open(page, memorydbPage, false);
    // Not a rule AWS knows: refused by AWS (or, right after the planting, the user is busy).
    await control(page, 'access_string').fill(payload('draft_access_string'));
    await page.locator('[name="form[password_1]"]').fill(payload('draft_password_1'));
    await saveDraft(page);
    await expect(control(page, 'access_string')).toHaveValue(payload('draft_access_string'));
    expect(await page.content()).not.toContain('draft_password_1');
  });

  test('MQ: the groups', async ({ page }) => {
    await open(page, mqPage, false);
    await control(page, 'groups').fill(payload('draft_groups'));
    await control(page, 'password').fill(payload('draft_password'));
    await saveDraft(page);
    await expect(control(page, 'groups')).toHaveValue(payload('draft_groups'));
    await expect(control(page, 'password')).toHaveValue('');
    expect(await page.content()).not.toContain('draft_password');
  });

  test('FinSpace: the IAM role', async ({ page }) => {
    await open(page, finspacePage, false);
    await control(page, 'iam_role').fill(payload('draft_iam_role'));
    await saveDraft(page);
    await expect(control(page, 'iam_role')).toHaveValue(payload('draft_iam_role'));
  });

  test('Wickr: names, username and invite code', async ({ page }) => {
    await open(page, wickrPage, false);
    // The username is refused (it has spaces); the others come back with it.
    for (const field of ['first_name', 'last_name', 'username', 'invite_code']) {
      await control(page, field).fill(payload(`draft_${field}`));
    }
    await saveDraft(page);
    for (const field of ['first_name', 'last_name', 'username', 'invite_code']) {
      await expect(control(page, field), field).toHaveValue(payload(`draft_${field}`));
    }
  });
});
