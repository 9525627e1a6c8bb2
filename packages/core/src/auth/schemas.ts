import { z } from 'zod';

/**
 * Input schemas shared by the routes and the programmatic API. Objects strip unknown keys, so a
 * field such as `role` on register never reaches storage.
 */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }));

/** Length bounds are the hasher's policy (code points, configurable); this only caps the size. */
export const passwordSchema = z.string().min(1, 'is required').max(1024, 'is too long');

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,30}$/, 'must be 3-30 characters of a-z, 0-9 and _');

export const codeSchema = z.string().trim().regex(/^\d{6}$/, 'must be 6 digits');
const nameSchema = z.string().trim().min(1).max(100);

export const registerInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  username: usernameSchema.optional(),
  name: nameSchema.optional(),
});

export const verifyEmailInput = z.object({ email: emailSchema, code: codeSchema });

export const resendOtpInput = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('verify-email'), email: emailSchema }),
  z.object({ purpose: z.literal('reset-password'), email: emailSchema }),
  z.object({ purpose: z.literal('login'), challengeId: z.string().min(1).max(512) }),
]);

/** `email` and `username` are accepted as aliases of `identifier`. */
export const loginInput = z
  .object({
    identifier: z.string().trim().min(1).max(254).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    username: z.string().trim().min(1).max(254).optional(),
    password: passwordSchema,
  })
  .transform((v, ctx) => {
    const identifier = v.identifier ?? v.email ?? v.username;
    if (!identifier) {
      ctx.addIssue({ code: 'custom', path: ['identifier'], message: 'is required' });
      return z.NEVER;
    }
    return { identifier, password: v.password };
  });

export const verifyLoginInput = z.object({ challengeId: z.string().min(1).max(512), code: codeSchema });
export const refreshInput = z.object({ refreshToken: z.string().min(1).max(512).optional() });
export const forgotPasswordInput = z.object({ email: emailSchema });
export const verifyResetInput = z.object({ email: emailSchema, code: codeSchema });
export const resetPasswordInput = z.object({ resetToken: z.string().min(1).max(1024), newPassword: passwordSchema });
export const changePasswordInput = z.object({ currentPassword: passwordSchema, newPassword: passwordSchema });
export const twoFactorInput = z.object({ enabled: z.boolean(), password: passwordSchema });

export const updateProfileInput = z
  .object({
    name: nameSchema.nullable().optional(),
    username: usernameSchema.optional(),
    bio: z.string().trim().max(500).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' });

export const deleteAccountInput = z.object({ password: passwordSchema });

export type RegisterInput = z.output<typeof registerInput>;
export type LoginInput = z.output<typeof loginInput>;
export type ResendOtpInput = z.output<typeof resendOtpInput>;
export type UpdateProfileInput = z.output<typeof updateProfileInput>;
