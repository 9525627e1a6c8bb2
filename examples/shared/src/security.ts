/*
 * Example servers: the security headers and the CORS policy, shared so both servers send the
 * same ones.
 */

/**
 * The Content-Security-Policy of the demo page: its own script and stylesheet only (no inline
 * code, no third party), and `fetch` to its own origin. Images and videos also from
 * `mediaOrigins`: a remote uploader's delivery host (Cloudinary's), never a wildcard.
 */
export function cspDirectives(production: boolean, mediaOrigins: readonly string[] = []): Record<string, string[]> {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...mediaOrigins],
    'media-src': ["'self'", ...mediaOrigins],
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
export function helmetOptions(production: boolean, mediaOrigins: readonly string[] = []) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(production, mediaOrigins) },
    strictTransportSecurity: production ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    // The same as `frame-ancestors 'none'`, for browsers that only know the older header.
    frameguard: { action: 'deny' },
  } as const;
}

/** Every method the API uses (DESIGN §7a: CORS allows each of them to a trusted front-end). */
export const CORS_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The CORS origin check: only the trusted origins get `Access-Control-Allow-Origin` (with
 * credentials). A request without `Origin` (same-origin GET, curl) needs no CORS header at all.
 */
export function corsOriginCheck(trustedOrigins: readonly string[]): (origin: string | undefined) => boolean {
  const allowed = new Set(trustedOrigins);
  return (origin) => origin !== undefined && allowed.has(origin);
}

/**
 * Options shared by `cors` and `@fastify/cors` (both take these names): the trusted origins,
 * with credentials (the session cookies), for every method of the API. A preflight from any
 * other origin gets no CORS header and falls through to the 404 envelope.
 *
 * @example
 * app.use(cors(corsOptions(settings.trustedOrigins)));
 */
export function corsOptions(trustedOrigins: readonly string[]) {
  const allowed = corsOriginCheck(trustedOrigins);
  return {
    origin: (origin: string | undefined, done: (error: null, allow: boolean) => void) => done(null, allowed(origin)),
    credentials: true,
    methods: [...CORS_METHODS],
  };
}

/** An HTTP method name (RFC 9110 token). */
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A preflight from a trusted origin that names no (valid) `Access-Control-Request-Method`. Both
 * servers answer it with the 400 envelope: `cors` would answer 204 and `@fastify/cors` a
 * plain-text 400, and the two examples must answer alike.
 */
export function isMalformedPreflight(method: string, headers: Record<string, string | string[] | undefined>, trusted: (origin: string | undefined) => boolean): boolean {
  if (method !== 'OPTIONS') return false;
  const origin = headers.origin;
  if (typeof origin !== 'string' || !trusted(origin)) return false;
  const requested = headers['access-control-request-method'];
  return typeof requested !== 'string' || !METHOD_TOKEN.test(requested.trim());
}
