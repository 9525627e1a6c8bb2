import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HTTP_REFERENCE_PATH, renderHttpReference } from '../scripts/http-reference.js';

describe('docs/http-reference.md', () => {
  it('matches the route declarations (regenerate with: node --import tsx scripts/http-reference.ts)', () => {
    expect(readFileSync(HTTP_REFERENCE_PATH, 'utf8')).toBe(renderHttpReference());
  });
});
