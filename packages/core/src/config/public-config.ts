import type { VaultConfig } from './resolve.js';

/**
 * `vault.config`: the resolved configuration without a secret in it. The signing secret, key
 * material (an HS256 "public" key is the shared secret) and pepper secrets are left out; keys and
 * peppers keep only their ids. Frozen: changing it would not change the vault anyway.
 */
export type PublicVaultConfig = Readonly<
  Omit<VaultConfig, 'tokens' | 'passwords'> & {
    tokens: Omit<VaultConfig['tokens'], 'secret' | 'keys'> & { keys: { kid: string; alg: string }[] | undefined };
    passwords: Omit<VaultConfig['passwords'], 'peppers'> & { pepperIds: string[] };
  }
>;

/** The redacted, frozen view of a resolved configuration. */
export function publicConfig(config: VaultConfig): PublicVaultConfig {
  const { secret: _secret, keys, ...tokens } = config.tokens;
  const { peppers, ...passwords } = config.passwords;
  return deepFreeze({
    ...config,
    tokens: { ...tokens, keys: keys?.map((key) => ({ kid: key.kid, alg: key.alg })) },
    passwords: { ...passwords, pepperIds: (peppers ?? []).map((pepper) => pepper.id) },
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
