/**
 * Type-only check, compiled by `pnpm typecheck` in a program of its own: without a
 * `VaultkitTypes` augmentation, the caller is typed on `request.user` (the `decoratorName`
 * default). The package's test program augments it (test/vaultkit-types.ts), hence the split.
 */
import type { FastifyRequest } from 'fastify';
import { expectTypeOf } from 'vitest';
import type { AuthContext } from '@vaultkit/core';
import type { VaultkitDecoratorName, VaultUser } from '../../src/index.js';

expectTypeOf<VaultkitDecoratorName>().toEqualTypeOf<'user'>();
expectTypeOf<FastifyRequest['user']>().toEqualTypeOf<VaultUser | null>();
expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<AuthContext | null>();
expectTypeOf<FastifyRequest>().not.toHaveProperty('vault');
