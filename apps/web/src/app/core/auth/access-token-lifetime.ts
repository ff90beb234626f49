/** How long before its expiry an access token is replaced, so a call never reaches the API with a token about to lapse. */
export const ACCESS_TOKEN_RENEWAL_MARGIN_MS = 30_000;

interface LifetimeClaims {
  iat?: unknown;
  exp?: unknown;
}

function claimsOf(token: string): LifetimeClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))) as LifetimeClaims;
  } catch {
    return null;
  }
}

/**
 * The moment, on this browser's clock, at which an access token received at `receivedAt` expires:
 * its lifetime (`exp` − `iat`) counted from its arrival, so a browser clock that is off does not matter.
 * Null when the token does not say; the API's 401 then decides.
 */
export function accessTokenExpiry(token: string, receivedAt: number): number | null {
  const claims = claimsOf(token);
  if (typeof claims?.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp < claims.iat) return null;
  return receivedAt + (claims.exp - claims.iat) * 1000;
}
