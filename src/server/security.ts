/**
 * The headers every response of the facilitator carries (Hono's `secure-headers`): a Content
 * Security Policy that runs only the server's own script files (no inline script, so a value that
 * escaped its quotes still cannot run), no framing (against clickjacking a decision's buttons),
 * no MIME sniffing, no referrer (a page's URL holds its seat's token), and `no-store` on
 * everything but the static assets, so no cache keeps a token page or a seat's JSON.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The Content Security Policy, as its directives (pages keep inline `<style>`, never inline script). */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The security headers of every response, and `Cache-Control: no-store` outside `/assets/`. */
export function securityHeaders(): MiddlewareHandler[] {
  return [
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      xContentTypeOptions: 'nosniff',
      // the facilitator serves plain HTTP on a local network; HSTS is for the proxy in front, if any
      strictTransportSecurity: false,
    }),
    async (c, next) => {
      await next();
      if (!c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'no-store');
    },
  ];
}
