import type { it } from 'vitest';
import type { Ctx, StartOptions } from './harness.js';

/** What each part of the conformance suite receives. */
export interface SuiteTools {
  /** A fresh vault + server for the current test (closed after it). */
  start(options?: StartOptions): Promise<Ctx>;
  /**
   * `it`, skipped unless the vault serves every listed route (`"POST /auth/login"`): the suite
   * checks the routes that exist, so a vault without e.g. two-factor still runs the rest.
   */
  route(...routes: string[]): ReturnType<typeof it.skipIf>;
}
