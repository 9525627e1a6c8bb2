import fc from 'fast-check';

/** One hostile request for one route (before the identities are filled in). */
export interface HostileRequest {
  /** Path parameter values, raw (already percent-encoded or deliberately malformed). */
  params: string[];
  query: string;
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
  headers: Record<string, string>;
  cookie: string | undefined;
  auth: 'none' | 'user' | 'admin' | 'user-cookie' | 'garbage' | 'refresh-as-access' | 'other-scheme';
}

const FIELDS = [
  'email', 'password', 'identifier', 'username', 'name', 'bio', 'code', 'challengeId', 'refreshToken', 'resetToken',
  'newPassword', 'currentPassword', 'purpose', 'enabled', 'role', 'banned', 'ids', 'title', 'description', 'visibility',
  'page', 'limit', '__proto__', 'constructor', 'prototype', '',
];

/** Addresses the suite can recognise afterwards (to check nothing was stored for a refused request). */
export const FUZZ_EMAIL = /fz[a-z0-9._-]*@fuzz\.test/gi;
const email = fc.stringMatching(/^[a-z0-9]{1,12}$/).map((local) => `fz${local}@fuzz.test`);

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  email,
  fc.stringMatching(/^\d{6}$/),
  fc.constantFrom('verify-email', 'login', 'reset-password', 'admin', 'user', 'public', 'private', 'NaN', '-1', '0', '1e308'),
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }) },
);

/** Objects with the routes' own field names (duplicates and `__proto__` included), as JSON text. */
const shaped = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 8 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);

const deep = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
);

const huge = fc.integer({ min: 1_000, max: 300_000 }).map((n) => JSON.stringify({ email: `${'a'.repeat(n)}@fuzz.test`, password: 'p'.repeat(n), name: 'n'.repeat(n) }));

const polluting = fc.constantFrom(
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"email":"fzproto@fuzz.test","password":"long enough password","__proto__":{"role":"admin"}}',
  '{"a":[{"__proto__":{"polluted":true}}]}',
  '{"role":"admin","emailVerified":true,"banned":false,"passwordHash":"x"}',
);

const body: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: shaped },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: polluting },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1e999', '\ufeff{}', '{"email":"\\ud800"}') },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'application/json; charset=utf-16',
      'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=fuzz',
      'application/octet-stream', 'image/png', ';;;', 'application/json, text/plain', 'application/json; boundary=',
    ),
  },
);

/** A path parameter: ordinary, odd, over-long or malformed percent-encoding. */
const param = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.uuid(),
  fc.constantFrom('..', '%2e%2e', '%00', '%zz', '%', 'null', 'undefined', '__proto__', 'constructor', '%20', 'a'.repeat(300), 'me'),
);

const key = fc.oneof(fc.constantFrom('page', 'limit', 'search', 'role', 'username', 'ownerId', '__proto__', 'constructor', 'a[b]', ''), fc.string({ maxLength: 10 }));
// Long values stay 2,500 characters: five of them keep the request head under Node's 16 KiB
// header limit. A longer head is refused by Node (431) before any route or framework sees it;
// the example servers' hardening suite checks that answer, given by their `clientError` handler.
const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '0', '1', '100', '101', '1e9', 'NaN', 'Infinity', 'admin', 'x'.repeat(2_500)));
const query = fc.oneof(
  fc.array(fc.tuple(key, queryValue), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString()),
  fc.constantFrom('%', '%zz', '&&&', '=', 'a[__proto__][x]=1', 'page=1&page=2&page=3', 'limit=%00'),
);

/** Printable ASCII, so that the value is a legal header value. */
const headerText = fc.string({ maxLength: 60 });
const headers = fc.dictionary(
  fc.constantFrom('x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'origin', 'sec-fetch-site', 'user-agent', 'accept', 'content-encoding', 'forwarded', 'x-real-ip'),
  fc.oneof(headerText, fc.constantFrom('https', 'cross-site', 'same-origin', 'null', 'gzip', 'https://evil.example', '::1, 10.0.0.1')),
  { maxKeys: 4 },
);
const cookie = fc.option(
  fc
    .array(fc.tuple(fc.constantFrom('vk_at', 'vk_rt', '__Host-vk_at', '__Secure-vk_rt', '__proto__', 'x'), fc.stringMatching(/^[A-Za-z0-9._%~-]{0,60}$/)), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')),
  { nil: undefined },
);
const auth = fc.constantFrom<HostileRequest['auth']>('none', 'user', 'user', 'admin', 'user-cookie', 'garbage', 'refresh-as-access', 'other-scheme');

/** Hostile requests for a route with `paramCount` path parameters. */
export function hostileRequest(paramCount: number): fc.Arbitrary<HostileRequest> {
  return fc.record({
    params: fc.array(param, { minLength: paramCount, maxLength: paramCount }),
    query,
    body,
    contentType,
    headers,
    cookie,
    auth,
  });
}
