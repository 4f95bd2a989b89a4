import { sealSecret } from "../../lib/secret-box";
import { issueSecretToken } from "../../lib/secret-token";

/**
 * A new board credential: the plaintext for the agent, and what is stored of it — a hash for lookups and a
 * sealed copy, because the scrapers must present the plaintext to the agent.
 */
export function issueBoardCredential() {
  const { token, prefix, hash } = issueSecretToken("bwb");
  return { token, stored: { prefix, hash, encrypted: sealSecret(token) } };
}
