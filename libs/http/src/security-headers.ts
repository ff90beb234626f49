import type { NextFunction, Request, Response } from 'express';

/** For JSON and problem+json answers: nothing may load, run, frame or submit from them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * For the Swagger UI: its own scripts, styles (it also sets inline styles), images and fonts, and fetches
 * to the API itself for "Try it out"; still nothing from elsewhere and never in a frame.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STATIC_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Express middleware, mounted first, that sets the security headers of every answer; `docsPath` gets the Swagger UI's policy. */
export function securityHeaders(docsPath: string) {
  const docs = `/${docsPath.replace(/^\/+|\/+$/g, '')}`;
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value);
    const isDocs = req.path === docs || req.path.startsWith(`${docs}/`);
    res.setHeader('Content-Security-Policy', isDocs ? DOCS_CONTENT_SECURITY_POLICY : API_CONTENT_SECURITY_POLICY);
    next();
  };
}
