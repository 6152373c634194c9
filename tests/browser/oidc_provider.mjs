// A real OpenID Connect provider (the `oidc-provider` package) for the single sign-on tests.
// Usage: node oidc_provider.mjs '<json config>'; prints "ready" once it listens.
// Config: {port, issuer, clients: [{client_id, client_secret, redirect_uris}], accounts: {id: claims},
// id_token_audience: {client_id: other_client_id}} — the last one optional: a provider that mixes up
// its clients, issuing to the first client ID tokens whose audience is the second.
// Its development login form takes any password: the account is the login typed in.
import Provider from "oidc-provider";

const config = JSON.parse(process.argv[2]);

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    ...client,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
  })),
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  // Consent is taken as given, so a test only passes the login form.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  cookies: { keys: ["sso-tests-only"] },
  features: { devInteractions: { enabled: true } },
});

// A mixed-up provider: the ID token it issues to a client names another client as its audience
// (signed with the provider's own keys, so only the relying party's audience check can catch it).
const audienceOf = config.id_token_audience || {};
const issue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function issueFor(options) {
  const other = audienceOf[this.client.clientId];
  if (other && options?.use === "idtoken") {
    this.client = await provider.Client.find(other);
  }
  return issue.call(this, options);
};

provider.listen(config.port, "127.0.0.1", () => {
  console.log("ready");
});
