import { z } from 'zod';
import { login, verifyLogin } from '../auth/login.js';
import { forgotPassword, resetPassword, verifyResetCode } from '../auth/password-reset.js';
import { verifyEmail } from '../auth/register.js';
import { registerWithAvatar } from '../auth/register-avatar.js';
import { resendOtp } from '../auth/resend-otp.js';
import * as s from '../auth/schemas.js';
import { VaultError } from '../errors/vault-error.js';
import { fileInput, multipart } from '../media/multipart-body.js';
import { isUsernameAvailable } from '../users/profile.js';
import { defineOperation } from './define.js';
import { messageJson, sessionJson } from './effects.js';
import { challengeShape, messageShape, sessionShape } from './shapes.js';

const OTP_ERRORS = ['INVALID_CODE', 'TOO_MANY_ATTEMPTS'] as const;

/** Signing up, signing in and the code flows: `vault.auth.*`, public routes under `/auth`. */
export const authOperations = [
  defineOperation({
    name: 'auth.register', summary: 'Create an account (202 while email verification is required)', auth: 'public', rateLimit: 'register',
    // JSON, or a multipart form with an optional `avatar` image.
    input: s.registerInput.extend({ avatar: fileInput().optional() }), output: { 202: messageShape, 201: sessionShape }, errors: ['CONFLICT'],
    http: { method: 'POST', path: '/auth/register', body: multipart({ file: 'avatar', kinds: ['image'], json: true }), status: (out) => ('message' in out ? 202 : 201) },
    async run(vault, input, call) {
      const result = await registerWithAvatar(vault, input, call.client);
      return result.kind === 'pending' ? messageJson(result.message) : sessionJson(result);
    },
  }),
  defineOperation({
    name: 'auth.verifyEmail', summary: 'Verify the email address with its code and sign in', auth: 'public', rateLimit: 'verifyOtp',
    input: s.verifyEmailInput, output: { 200: sessionShape }, errors: [...OTP_ERRORS, 'ACCOUNT_BANNED'],
    http: { method: 'POST', path: '/auth/verify-email' },
    run: async (vault, input, call) => sessionJson(await verifyEmail(vault, input, call.client)),
  }),
  defineOperation({
    name: 'auth.resendOtp', summary: 'Send a new code (replaces the active one; the attempt count is kept)', auth: 'public', rateLimit: 'resendOtp',
    input: s.resendOtpInput, output: { 200: messageShape }, errors: ['INVALID_CHALLENGE'],
    http: { method: 'POST', path: '/auth/resend-otp' },
    run: async (vault, input) => messageJson((await resendOtp(vault, input)).message),
  }),
  defineOperation({
    name: 'auth.login', summary: 'Sign in; 202 with a challengeId when the email verification step applies', auth: 'public', rateLimit: 'login',
    input: s.loginInput, output: { 200: sessionShape, 202: challengeShape },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_BANNED', 'EMAIL_NOT_VERIFIED'],
    http: { method: 'POST', path: '/auth/login', status: (out) => ('challengeId' in out ? 202 : 200) },
    async run(vault, input, call) {
      const result = await login(vault, input, call.client);
      if (result.kind === 'challenge') return { challengeId: result.challengeId, challenge: result.challenge };
      return sessionJson(result);
    },
  }),
  defineOperation({
    name: 'auth.verifyLogin', summary: 'Finish a login with the emailed code', auth: 'public', rateLimit: 'verifyOtp',
    input: s.verifyLoginInput, output: { 200: sessionShape }, errors: [...OTP_ERRORS, 'INVALID_CHALLENGE', 'ACCOUNT_BANNED'],
    http: { method: 'POST', path: '/auth/login/verify' },
    run: async (vault, input, call) => sessionJson(await verifyLogin(vault, input, call.client)),
  }),
  defineOperation({
    name: 'auth.refresh', summary: 'Rotate the refresh token (body or cookie) and get a new pair', auth: 'public', rateLimit: 'general',
    input: s.refreshInput, output: { 200: sessionShape }, errors: ['INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED'],
    http: { method: 'POST', path: '/auth/refresh-token', refreshCookieField: 'refreshToken' },
    async run(vault, input, call) {
      if (!input.refreshToken) throw new VaultError('INVALID_REFRESH_TOKEN');
      return sessionJson(await vault.tokens.refresh(input.refreshToken, call.client));
    },
  }),
  defineOperation({
    name: 'auth.forgotPassword', summary: 'Mail a reset code (the same answer whether or not the address has an account)', auth: 'public',
    rateLimit: 'forgotPassword', input: s.forgotPasswordInput, output: { 200: messageShape },
    http: { method: 'POST', path: '/auth/forgot-password' },
    run: async (vault, input, call) => messageJson((await forgotPassword(vault, input, call.client)).message),
  }),
  defineOperation({
    name: 'auth.verifyResetCode', summary: 'Trade a reset code for a one-time reset token', auth: 'public', rateLimit: 'verifyOtp',
    input: s.verifyResetInput, output: { 200: z.object({ resetToken: z.string() }).strict() }, errors: OTP_ERRORS,
    http: { method: 'POST', path: '/auth/forgot-password/verify' },
    run: (vault, input) => verifyResetCode(vault, input),
  }),
  defineOperation({
    name: 'auth.resetPassword', summary: 'Set a new password with a reset token; every session is signed out', auth: 'public',
    rateLimit: 'verifyOtp', input: s.resetPasswordInput, output: { 200: messageShape }, errors: ['INVALID_RESET_TOKEN'],
    http: { method: 'POST', path: '/auth/reset-password' },
    run: async (vault, input) => messageJson((await resetPassword(vault, input)).message),
  }),
  defineOperation({
    name: 'auth.isUsernameAvailable', summary: 'Whether a username is free', auth: 'public', rateLimit: 'general',
    input: z.object({ username: s.usernameSchema }), output: { 200: z.object({ available: z.boolean() }).strict() },
    http: { method: 'GET', path: '/auth/username-available' },
    run: async (vault, input) => ({ available: await isUsernameAvailable(vault, input.username) }),
  }),
] as const;
