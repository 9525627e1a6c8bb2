import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../src/crypto/sealed-box.js';

const key = randomBytes(32);

describe('sealed box', () => {
  it('opens what it sealed, for the same use only', () => {
    const box = seal(key, 'challenge', { uid: 'u1', exp: 1 });
    expect(open(key, 'challenge', box)).toEqual({ uid: 'u1', exp: 1 });
    expect(open(key, 'pair', box)).toBeNull();
    expect(open(randomBytes(32), 'challenge', box)).toBeNull();
  });

  it('refuses any other spelling of a box (trailing or stray characters)', () => {
    // Lengths that leave a partial base64 quantum, where Buffer silently drops extra characters.
    for (const value of [{ a: 1 }, { ab: 12 }, { abc: 123 }]) {
      const box = seal(key, 'x', value);
      for (const tampered of [`${box}x`, `${box}xx`, `${box}=`, `${box}.`, ` ${box}`]) expect(open(key, 'x', tampered)).toBeNull();
    }
  });
});
