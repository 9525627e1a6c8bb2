import { z } from 'zod';
import { changePassword, logout, logoutAll, setTwoFactor } from '../auth/account-security.js';
import { login, verifyLogin } from '../auth/login.js';
import { forgotPassword, resetPassword, verifyResetCode } from '../auth/password-reset.js';
import { register, verifyEmail } from '../auth/register.js';
import { resendOtp } from '../auth/resend-otp.js';
import * as s from '../auth/schemas.js';
import { VaultError } from '../errors/vault-error.js';
import { defineRoute, type RouteDefinition } from '../http/types.js';
import { serializeUser } from '../users/serialize.js';
import { isUsernameAvailable } from '../users/profile.js';
import { callerOf, messageAnswer } from './meta.js';

const tags = ['auth'];

/** The public and account-security routes under `/auth`. */
export const authRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'POST', path: '/auth/register', auth: 'public', rateLimit: 'register', body: s.registerInput, tags,
    summary: 'Create an account (202 while email verification is required)', successStatuses: [201, 202],
    async handler(ctx) {
      const result = await register(ctx.vault, ctx.body, ctx.client);
      if (result.kind === 'pending') return messageAnswer(result.message, { status: 202 });
      return { status: 201, session: result };
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/verify-email', auth: 'public', rateLimit: 'verifyOtp', body: s.verifyEmailInput, tags,
    summary: 'Verify the email address with its code and sign in',
    handler: async (ctx) => ({ session: await verifyEmail(ctx.vault, ctx.body, ctx.client) }),
  }),
  defineRoute({
    method: 'POST', path: '/auth/resend-otp', auth: 'public', rateLimit: 'resendOtp', body: s.resendOtpInput, tags,
    summary: 'Send a new code (replaces the active one; the attempt count is kept)',
    async handler(ctx) {
      return messageAnswer((await resendOtp(ctx.vault, ctx.body)).message);
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/login', auth: 'public', rateLimit: 'login', body: s.loginInput, tags,
    summary: 'Sign in; 202 with a challengeId when the email verification step applies', successStatuses: [200, 202],
    async handler(ctx) {
      const result = await login(ctx.vault, ctx.body, ctx.client);
      if (result.kind === 'challenge') return { status: 202, data: { challengeId: result.challengeId, challenge: result.challenge } };
      return { session: result };
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/login/verify', auth: 'public', rateLimit: 'verifyOtp', body: s.verifyLoginInput, tags,
    summary: 'Finish a login with the emailed code',
    handler: async (ctx) => ({ session: await verifyLogin(ctx.vault, ctx.body, ctx.client) }),
  }),
  defineRoute({
    method: 'POST', path: '/auth/refresh-token', auth: 'public', rateLimit: 'general', body: s.refreshInput, tags,
    summary: 'Rotate the refresh token (body or cookie) and get a new pair',
    async handler(ctx) {
      const token = ctx.body.refreshToken ?? ctx.refreshCookie;
      if (!token) throw new VaultError('INVALID_REFRESH_TOKEN');
      return { session: await ctx.vault.tokens.refresh(token, ctx.client) };
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/logout', auth: 'user', rateLimit: 'general', tags,
    summary: 'End this session; its access token is refused at once',
    async handler(ctx) {
      await logout(ctx.vault, callerOf(ctx));
      return messageAnswer('Logged out', { clearSession: true });
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/logout-all', auth: 'user', rateLimit: 'general', tags,
    summary: 'End every session of the account',
    async handler(ctx) {
      const count = await logoutAll(ctx.vault, callerOf(ctx));
      return messageAnswer('Logged out everywhere', { data: { sessions: count }, clearSession: true });
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/forgot-password', auth: 'public', rateLimit: 'forgotPassword', body: s.forgotPasswordInput, tags,
    summary: 'Mail a reset code (the same answer whether or not the address has an account)',
    async handler(ctx) {
      return messageAnswer((await forgotPassword(ctx.vault, ctx.body, ctx.client)).message);
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/forgot-password/verify', auth: 'public', rateLimit: 'verifyOtp', body: s.verifyResetInput, tags,
    summary: 'Trade a reset code for a one-time reset token',
    handler: async (ctx) => ({ data: await verifyResetCode(ctx.vault, ctx.body) }),
  }),
  defineRoute({
    method: 'POST', path: '/auth/reset-password', auth: 'public', rateLimit: 'verifyOtp', body: s.resetPasswordInput, tags,
    summary: 'Set a new password with a reset token; every session is signed out',
    async handler(ctx) {
      return messageAnswer((await resetPassword(ctx.vault, ctx.body)).message);
    },
  }),
  defineRoute({
    method: 'POST', path: '/auth/change-password', auth: 'user', rateLimit: 'general', body: s.changePasswordInput, tags,
    summary: 'Change the password; other sessions are signed out, this one gets a fresh pair',
    handler: async (ctx) => ({ session: await changePassword(ctx.vault, callerOf(ctx), { ...ctx.body, meta: ctx.client }) }),
  }),
  defineRoute({
    method: 'POST', path: '/auth/two-factor', auth: 'user', rateLimit: 'general', body: s.twoFactorInput, tags,
    summary: 'Turn the email verification step at login on or off',
    handler: async (ctx) => ({ data: { user: serializeUser(await setTwoFactor(ctx.vault, callerOf(ctx), ctx.body)) } }),
  }),
  defineRoute({
    method: 'GET', path: '/auth/username-available', auth: 'public', rateLimit: 'general', query: z.object({ username: s.usernameSchema }), tags,
    summary: 'Whether a username is free',
    handler: async (ctx) => ({ data: { available: await isUsernameAvailable(ctx.vault, ctx.query.username) } }),
  }),
];
