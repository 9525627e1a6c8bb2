import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { VaultConfig } from '../config/resolve.js';
import type { ServerKeys } from '../crypto/server-keys.js';
import type { PasswordHasher, PasswordVerification } from './types.js';
import { hashGate } from './hash-gate.js';
import { assertPasswordPolicy } from './policy.js';

type Pepper = ServerKeys['peppers'][number];

/** Version tag of the stored format `$vk1$<pepperId>$<bcrypt hash>`. */
const PREFIX = '$vk1$';
const STORED = /^\$vk1\$([A-Za-z0-9_-]{1,16})\$(\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53})$/;

const FAILED: PasswordVerification = { ok: false, needsRehash: false };

/**
 * The password hasher of DESIGN §6: bcrypt over `base64(HMAC-SHA256(pepper, NFKC(password)))`.
 *
 * Why the pre-hash: bcrypt reads only the first 72 bytes of its input, so two long passwords that
 * share a prefix would collide. The HMAC folds the whole password into 44 ASCII bytes, and keying
 * it with a server-side pepper means a stolen database alone is not enough to guess offline. The
 * pepper id is written into the stored hash so peppers can rotate.
 *
 * @example
 * const hasher = createPasswordHasher(config.passwords, keys.peppers);
 * const stored = await hasher.hash('correct horse battery staple');
 * const { ok, needsRehash } = await hasher.verify('correct horse battery staple', stored);
 */
export function createPasswordHasher(config: VaultConfig['passwords'], peppers: ServerKeys['peppers']): PasswordHasher {
  const current = peppers[0];
  if (!current) throw new TypeError('createPasswordHasher needs at least one pepper');
  const byId = new Map(peppers.map((p) => [p.id, p]));
  const cost = config.bcryptCost;
  const gate = hashGate(config.maxConcurrentHashes);
  const hashOf = (input: string) => gate.run(() => bcrypt.hash(input, cost));
  const matches = (input: string, hash: string) => gate.run(() => bcrypt.compare(input, hash));
  let dummy: Promise<string> | undefined;

  /** Made once, lazily, at the configured cost: a dummy compare costs what a real one costs. */
  const dummyHash = (): Promise<string> => {
    dummy ??= hashOf(randomBytes(32).toString('base64'));
    return dummy;
  };

  const verifyDummy = async (password: string): Promise<void> => {
    // The HMAC is computed too, so that the whole path costs the same as a real verify.
    await matches(preHash(current, password), await dummyHash());
  };

  return {
    async hash(password) {
      return `${PREFIX}${current.id}$${await hashOf(preHash(current, password))}`;
    },

    async verify(password, stored) {
      const match = typeof stored === 'string' ? STORED.exec(stored) : null;
      const pepper = match ? byId.get(match[1]!) : undefined;
      if (!match || !pepper) {
        // Unreadable hash or retired pepper: fail, but spend the same time as a real compare.
        await verifyDummy(password);
        return FAILED;
      }
      const bcryptHash = match[2]!;
      const ok = await matches(preHash(pepper, password), bcryptHash);
      if (!ok) return FAILED;
      return { ok: true, needsRehash: pepper.id !== current.id || bcrypt.getRounds(bcryptHash) !== cost };
    },

    verifyDummy,

    async prepare() {
      await dummyHash();
    },

    async assertAcceptable(password, field = 'password') {
      await assertPasswordPolicy(config, password, field);
    },
  };
}

/** base64(HMAC-SHA256(pepper, NFKC(password))): 44 ASCII bytes, well under bcrypt's 72. */
function preHash(pepper: Pepper, password: string): string {
  return createHmac('sha256', pepper.key).update(password.normalize('NFKC'), 'utf8').digest('base64');
}
