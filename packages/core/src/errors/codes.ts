/**
 * Every error vaultkit reports, defined once: its HTTP status and a default message that is
 * safe to show to a client (no token, code, hash or secret is ever interpolated into it).
 */
export const ERROR_TABLE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid' },
  BAD_REQUEST: { status: 400, message: 'The request could not be read' },
  INVALID_CODE: { status: 400, message: 'The code is invalid or has expired' },
  INVALID_CHALLENGE: { status: 400, message: 'The login challenge is invalid or has expired' },
  INVALID_RESET_TOKEN: { status: 400, message: 'The reset token is invalid or has expired' },
  AUTH_REQUIRED: { status: 401, message: 'Authentication is required' },
  INVALID_TOKEN: { status: 401, message: 'The access token is invalid' },
  TOKEN_EXPIRED: { status: 401, message: 'The access token has expired' },
  INVALID_CREDENTIALS: { status: 401, message: 'Invalid credentials' },
  INVALID_REFRESH_TOKEN: { status: 401, message: 'The refresh token is invalid or has expired' },
  REFRESH_TOKEN_REUSED: { status: 401, message: 'The refresh token was already used; the session is revoked' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  CSRF_REJECTED: { status: 403, message: 'Cross-site request refused' },
  EMAIL_NOT_VERIFIED: { status: 403, message: 'The email address is not verified' },
  ACCOUNT_BANNED: { status: 403, message: 'The account is banned' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  // REQUEST_TIMEOUT and HEADERS_TOO_LARGE: Node answers them itself, before any route runs (its
  // `clientError`). vaultkit's routes never raise them; a server that renders Node's errors in
  // the envelope (the example servers do) uses them, so a client sees one set of codes.
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive' },
  CONFLICT: { status: 409, message: 'The value is already taken' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The content type is not supported' },
  RATE_LIMITED: { status: 429, message: 'Too many requests, please try again later' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many wrong codes, please try again later' },
  ACCOUNT_LOCKED: { status: 429, message: 'Too many failed logins, please try again later' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong' },
  DEPENDENCY_UNAVAILABLE: { status: 503, message: 'A service is temporarily unavailable' },
} as const satisfies Record<string, { status: number; message: string }>;

/** The closed union of error codes. */
export type VaultErrorCode = keyof typeof ERROR_TABLE;

/** The HTTP status of an error code. */
export function statusOf(code: VaultErrorCode): number {
  return ERROR_TABLE[code].status;
}
