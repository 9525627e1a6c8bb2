import type { VaultConfig } from '../config/resolve.js';
import { DependencyError, VaultError } from '../errors/index.js';

/**
 * The password policy of DESIGN §6, following NIST SP 800-63B: a length range counted in Unicode
 * code points (an emoji counts as one), no composition rules, and an optional breach check.
 * Throws `VALIDATION_FAILED` with one detail at `field`; a failing `isBreached` hook is a 503.
 *
 * @example
 * await assertPasswordPolicy(config.passwords, input.newPassword, 'newPassword');
 */
export async function assertPasswordPolicy(
  config: Pick<VaultConfig['passwords'], 'minLength' | 'maxLength' | 'isBreached'>,
  password: string,
  field = 'password',
): Promise<void> {
  if (typeof password !== 'string') refuse(field, 'must be a string');
  const length = [...password].length;
  if (length < config.minLength) refuse(field, `must be at least ${config.minLength} characters`);
  if (length > config.maxLength) refuse(field, `must be at most ${config.maxLength} characters`);
  if (!config.isBreached) return;
  let breached: boolean;
  try {
    breached = await config.isBreached(password);
  } catch (cause) {
    // A broken breach service must not silently let passwords through, nor surface as a 500.
    throw new DependencyError('password breach check', { cause });
  }
  if (breached) refuse(field, 'appears in a list of breached passwords; choose another one');
}

function refuse(path: string, message: string): never {
  throw new VaultError('VALIDATION_FAILED', { details: [{ path, message }] });
}
