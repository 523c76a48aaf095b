// A real OpenID provider for the Playwright suite (npm `oidc-provider`): the oidc-mode
// userdesk signs people in through it exactly as it would through Keycloak or Okta.
//
// - issuer `http://127.0.0.1:$USERDESK_E2E_OIDC_PORT`, in memory, gone when the process ends;
// - one confidential client, `userdesk` (secret `$OIDC_CLIENT_SECRET`), redirect URI
//   `http://127.0.0.1:$USERDESK_E2E_OIDC_APP_PORT/auth/callback`, code flow with PKCE (S256);
// - four people: ada (admins), hal (helpdesk), vic (viewers), nora (in no group);
// - the ID token carries `groups` (and name, email), as a company IdP's would;
// - sign-in is oidc-provider's dev login form (any password; the login is the account id);
//   consent is given automatically, as a company IdP does for its own first-party apps.
//
// Run: USERDESK_E2E_OIDC_PORT=… USERDESK_E2E_OIDC_APP_PORT=… OIDC_CLIENT_SECRET=… node oidc/provider.mjs
// (playwright.config.ts starts it with the ports the Makefile picked).

import { randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.USERDESK_E2E_OIDC_PORT ?? 39125);
const appPort = Number(process.env.USERDESK_E2E_OIDC_APP_PORT ?? 39126);
const clientSecret = process.env.OIDC_CLIENT_SECRET;
if (!clientSecret) throw new Error('OIDC_CLIENT_SECRET must be set (playwright.config.ts makes one per run)');
const issuer = `http://127.0.0.1:${port}`;

/** The test people: id → claims. `groups` is what userdesk maps to roles. */
const PEOPLE = {
  ada: { name: 'Ada Admin', email: 'ada@example.test', groups: ['ud-admins'] },
  hal: { name: 'Hal Helpdesk', email: 'hal@example.test', groups: ['ud-helpdesk'] },
  vic: { name: 'Vic Viewer', email: 'vic@example.test', groups: ['ud-viewers'] },
  nora: { name: 'Nora Nogroup', email: 'nora@example.test', groups: [] },
};

const SCOPES = ['openid', 'email', 'profile', 'groups'];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'userdesk',
      client_secret: clientSecret,
      redirect_uris: [`http://127.0.0.1:${appPort}/auth/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  // Every client must use PKCE (S256 is the only method oidc-provider 9 accepts).
  pkce: { required: () => true },
  scopes: SCOPES,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // Put the scope-granted claims into the ID token itself (not only at /userinfo): userdesk
  // reads the groups from the verified ID token.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...person };
      },
    };
  },
  // The login form where any password works and the login is the account id.
  features: { devInteractions: { enabled: true } },
  // First-party app: consent is implied, so the dev interactions never show the consent step.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPES.join(' '));
    await grant.save();
    return grant;
  },
  // The test run is short; these only keep oidc-provider from warning at start.
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  // Signs the provider's own cookies; a new key per run.
  cookies: { keys: [randomBytes(32).toString('hex')] },
});

// The dev login page imports a web font from fonts.googleapis.com; the test machine has no
// internet, and Chromium would log the failed fetch as a console error.
// Nor is there a favicon: answer its request with no content rather than a logged 404.
provider.use(async (ctx, next) => {
  if (ctx.path === '/favicon.ico') {
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.response.is('html') && typeof ctx.body === 'string') {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
  }
});

// Shown in Playwright's web server output when something breaks inside the provider.
provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer} (client userdesk → 127.0.0.1:${appPort})`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
