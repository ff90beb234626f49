/**
 * The portal's Content-Security-Policy. Scripts come only from the portal's own files. Styles also
 * allow 'unsafe-inline': Angular adds each component's styles as <style> elements at run time, and
 * Angular Material and the CDK set style attributes (overlays, ripples, progress bars), which a nonce
 * cannot cover. The API is reached on the portal's own origin (/api/ is proxied), so 'self' is its origin.
 */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every file the portal serves; docker/nginx/security-headers.conf sends the same ones in production. */
export const PORTAL_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PORTAL_CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
