// A real OpenID Connect provider for the sign-in tests (never for production).
// Usage: node provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]
// Its own login page (oidc-provider's dev interactions) takes any user name; an account
// "<name>" has the e-mail "<name>@motala.example" and the groups in GROUPS below.
import Provider from "oidc-provider";

const [port, ...redirectUris] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const GROUPS = {
  "kim.koordinator": ["samverkan-motala-coordinators"],
  "ada.admin": ["samverkan-motala-administrators"],
};

const configuration = {
  clients: [
    {
      client_id: "samverkan",
      client_secret: "samverkan-test-secret",
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris.map((uri) => new URL("/", uri).href),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["given_name", "family_name", "name"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const [given, family] = id.split(".");
        return {
          sub: id,
          email: `${id}@motala.example`,
          email_verified: true,
          given_name: given,
          family_name: family || "",
          name: id,
          groups: GROUPS[id] || [],
        };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
