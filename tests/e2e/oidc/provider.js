// A real OpenID provider for Tillit's sign-in tests: npm's certified `oidc-provider` with one
// static client and the accounts of a JSON file, on 127.0.0.1. Started by tests/e2e/oidc.py.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI,
// ACCOUNTS_FILE ({"<sub>": {"email": …, "name": …, "personid": …}, …}).
import fs from "node:fs";

import Provider from "oidc-provider";

const env = process.env;
const accounts = JSON.parse(fs.readFileSync(env.ACCOUNTS_FILE, "utf8"));
const issuer = `http://127.0.0.1:${env.PORT}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.CLIENT_ID,
      client_secret: env.CLIENT_SECRET,
      redirect_uris: [env.REDIRECT_URI],
      post_logout_redirect_uris: [env.POST_LOGOUT_REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "personid"],
  },
  // The claims go into the ID token too, as Entra ID puts them there.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ["tillit-test-only"] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, sub) {
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { sub, email_verified: true, ...claims }; } };
  },
});
provider.proxy = false;
provider.listen(Number(env.PORT), "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
