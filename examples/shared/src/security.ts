/*
 * Example servers: the security headers and the CORS policy, shared so both servers send the
 * same ones.
 */

/**
 * The Content-Security-Policy of the demo page: its own script and stylesheet only (no inline
 * code, no third party), and `fetch` to its own origin.
 */
export function cspDirectives(production: boolean): Record<string, string[]> {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  // Over plain-http development this would rewrite the page's own requests to https.
  if (production) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/**
 * Options shared by `helmet` and `@fastify/helmet`. HSTS only in production: on
 * `http://localhost` it would pin the name to https for every other local project.
 */
export function helmetOptions(production: boolean) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(production) },
    strictTransportSecurity: production ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    // The same as `frame-ancestors 'none'`, for browsers that only know the older header.
    frameguard: { action: 'deny' },
  } as const;
}

/**
 * The CORS origin check: only the trusted origins get `Access-Control-Allow-Origin` (with
 * credentials). A request without `Origin` (same-origin GET, curl) needs no CORS header at all.
 */
export function corsOriginCheck(trustedOrigins: readonly string[]): (origin: string | undefined) => boolean {
  const allowed = new Set(trustedOrigins);
  return (origin) => origin !== undefined && allowed.has(origin);
}
