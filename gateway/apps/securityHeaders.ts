import type { ServerResponse } from 'node:http';

/**
 * The apps' Content-Security-Policy: scripts, styles, fonts, workers and API calls from
 * this origin only; no inline script, no eval, no other origin, no framing. The identity
 * provider is reached by top-level navigation (not governed by connect-src) and through
 * the gateway's token route, so it needs no entry here.
 *
 * `inlineStyles`: GraphiQL's editor (Monaco) injects <style> elements, so where the IDE
 * is offered (introspection on, never in production) styles may be inline; scripts never.
 */
export function contentSecurityPolicy(options: { inlineStyles: boolean }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    options.inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    // GraphiQL's stylesheet carries its fonts as data: URLs.
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every file of the apps. */
export function setAppSecurityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}
