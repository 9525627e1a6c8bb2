export interface PasswordVerification {
  ok: boolean;
  /** The hash was made with another cost or pepper: store `hash(password)` again. */
  needsRehash: boolean;
}

export interface PasswordHasher {
  /** bcrypt over base64(HMAC-SHA256(pepper, password)); the pepper id is in the result. */
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<PasswordVerification>;
  /** Costs what a real `verify` costs: for unknown accounts (no timing oracle). */
  verifyDummy(password: string): Promise<void>;
  /** Makes the dummy hash `verifyDummy` compares against, once (later calls cost nothing). */
  prepare(): Promise<void>;
  /** Throws a `VALIDATION_FAILED` VaultError (path `field`) when the policy refuses it. */
  assertAcceptable(password: string, field?: string): Promise<void>;
}
