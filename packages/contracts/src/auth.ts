import { z } from 'zod';

export const ROLES = ['student', 'instructor', 'admin'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Limits on credentials; documented in the README. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const ZEmail = z.email({ message: 'must be an email address' }).max(254).transform((e) => e.toLowerCase());
export const ZPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const ZDisplayName = z.string().trim().min(1).max(80);

/** What a user chooses to be when they sign up or later in Settings: a student, or an instructor who runs classes. */
export const ZAccountType = z.enum(['student', 'instructor']);
export type TAccountType = z.infer<typeof ZAccountType>;

export const ZSignUpRequest = z.strictObject({
  email: ZEmail,
  password: ZPassword,
  displayName: ZDisplayName.optional(),
  /** "instructor" for a teacher account (when the server lets users choose; otherwise an admin grants the role). */
  accountType: ZAccountType.optional(),
});
export type TSignUpRequest = z.input<typeof ZSignUpRequest>;

export const ZSignInRequest = z.strictObject({
  email: ZEmail,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type TSignInRequest = z.input<typeof ZSignInRequest>;

export const ZUser = z.object({
  id: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  role: ZRole,
  isGuest: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZSessionResponse = z.object({
  user: ZUser,
  /** After a guest signed in to an existing account: what of the guest's progress moved to it. */
  merged: z.object({ cards: z.number().int(), reviews: z.number().int() }).optional(),
});
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZUserList = z.object({ users: z.array(ZUser) });
export const ZSetRoleRequest = z.strictObject({ role: ZRole });
export const ZUserIdParams = z.strictObject({ userId: z.string().min(1).max(64) });
export const ZSetAccountTypeRequest = z.strictObject({ accountType: ZAccountType });
