import { z } from 'zod';
import { VaultError } from '../errors/vault-error.js';
import { defineRoute, type RouteDefinition } from '../http/types.js';
import { callerOf, messageAnswer } from './meta.js';
import { listData } from './pagination.js';

const tags = ['sessions'];

/** The caller's own sessions (devices). */
export const sessionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'GET', path: '/auth/sessions', auth: 'user', rateLimit: 'general', tags,
    summary: 'List the live sessions of the account',
    async handler(ctx) {
      const auth = callerOf(ctx);
      const sessions = await ctx.vault.tokens.listSessions(auth.userId);
      const items = sessions.map((s) => ({
        id: s.id,
        current: s.id === auth.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: (s.rotatedAt ?? s.createdAt).toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
      }));
      return { data: listData(items, { page: 1, limit: Math.max(items.length, 1), total: items.length }) };
    },
  }),
  defineRoute({
    method: 'DELETE', path: '/auth/sessions/:id', auth: 'user', rateLimit: 'general', params: z.object({ id: z.string().min(1).max(100) }), tags,
    summary: 'Sign one session out',
    async handler(ctx) {
      const auth = callerOf(ctx);
      const current = ctx.params.id === auth.sessionId;
      const revoked = await ctx.vault.tokens.revokeSession({
        userId: auth.userId,
        sessionId: ctx.params.id,
        reason: 'user_request',
        claims: current ? auth.claims : undefined,
      });
      if (!revoked) throw new VaultError('NOT_FOUND', { message: 'Session not found' });
      return messageAnswer('Session revoked', { clearSession: current });
    },
  }),
];
