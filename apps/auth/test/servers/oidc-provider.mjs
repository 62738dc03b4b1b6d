// A real OpenID Connect provider for tests: panva's oidc-provider (a certified implementation) on
// 127.0.0.1, a port of its own, one confidential client, and a few accounts with passwords and
// groups. Started by test/servers/oidc.ts as a child process (the package is ESM only); prints
// {"issuer": …} once it listens. Configuration comes from the environment:
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated),
//   OIDC_ACCOUNTS: JSON {sub: {password, disabled?, claims: {...}}}.
// POST /test/disable?sub=… makes an account unknown to the provider (logins and refreshes fail).
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');
const server = createServer();
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: (process.env.OIDC_REDIRECT_URIS ?? '').split(','),
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['a-test-cookie-key'] },
  claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email'] },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    deviceFlow: {
      enabled: true,
      userCodeInputSource: (ctx, form) => void (ctx.body = form),
      userCodeConfirmSource: (ctx, form) => void (ctx.body = form),
      successSource: (ctx) => void (ctx.body = 'device login complete'),
    },
  },
  findAccount: async (_ctx, sub) => {
    const account = accounts[sub];
    if (!account || account.disabled) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Consent is not what these tests are about: every client is granted what it asks.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid offline_access profile email');
    await grant.save();
    return grant;
  },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
});
provider.proxy = false;

const callback = provider.callback();

async function form(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    const login = /^\/interaction\/([^/]+)\/login$/.exec(url.pathname);
    if (req.method === 'POST' && login) {
      const fields = await form(req);
      const sub = fields.get('username');
      const account = accounts[sub];
      const result =
        account && !account.disabled && account.password === fields.get('password')
          ? { login: { accountId: sub } }
          : { error: 'access_denied', error_description: 'wrong username or password' };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(url.pathname)) {
      const details = await provider.interactionDetails(req, res);
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="post" action="/interaction/${details.uid}/login">login</form>`);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/test/disable') {
      accounts[url.searchParams.get('sub')].disabled = true;
      res.end('ok');
      return;
    }
    callback(req, res);
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
