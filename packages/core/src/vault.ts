import type { AdminUserQuery } from './admin/users.js';
import type { LoginResult } from './auth/login.js';
import type { RegisterResult } from './auth/register.js';
import type { ResendOtpInput, UpdateProfileInput } from './auth/schemas.js';
import type { VaultConfig } from './config/resolve.js';
import type { VaultEventListener, VaultEventName } from './events/types.js';
import type { AuthContext, VaultHttp } from './http/types.js';
import type { VaultLogger } from './logging/logger.js';
import type { Mailer } from './ports/mailer.js';
import type { Page, Storage, UserRecord } from './ports/storage.js';
import type { ClientMeta, SessionTokens, TokenService } from './tokens/types.js';

/** A signed-in answer: the account and its token pair. */
export interface SessionResult {
  user: UserRecord;
  tokens: SessionTokens;
}

/**
 * The vault: the programmatic API and the route table. Inputs are validated with the same
 * schemas as the HTTP routes (a `VALIDATION_FAILED` VaultError lists every problem).
 */
export interface Vault {
  auth: {
    register(input: { email: string; password: string; username?: string; name?: string }, meta?: ClientMeta): Promise<RegisterResult>;
    verifyEmail(input: { email: string; code: string }, meta?: ClientMeta): Promise<SessionResult>;
    resendOtp(input: ResendOtpInput): Promise<{ message: string }>;
    login(input: { identifier: string; password: string }, meta?: ClientMeta): Promise<LoginResult>;
    verifyLogin(input: { challengeId: string; code: string }, meta?: ClientMeta): Promise<SessionResult>;
    refresh(refreshToken: string, meta?: ClientMeta): Promise<SessionResult>;
    logout(auth: AuthContext): Promise<void>;
    logoutAll(auth: AuthContext): Promise<number>;
    forgotPassword(input: { email: string }, meta?: ClientMeta): Promise<{ message: string }>;
    verifyResetCode(input: { email: string; code: string }): Promise<{ resetToken: string }>;
    resetPassword(input: { resetToken: string; newPassword: string }): Promise<{ message: string }>;
    changePassword(auth: AuthContext, input: { currentPassword: string; newPassword: string }, meta?: ClientMeta): Promise<SessionResult>;
    setTwoFactor(auth: AuthContext, input: { enabled: boolean; password: string }): Promise<UserRecord>;
    isUsernameAvailable(username: string): Promise<boolean>;
  };
  users: {
    get(userId: string): Promise<UserRecord>;
    update(userId: string, input: UpdateProfileInput): Promise<UserRecord>;
    /** Deletes the account with its sessions, codes, subscriptions and media. */
    delete(userId: string): Promise<boolean>;
  };
  admin: {
    listUsers(query: AdminUserQuery): Promise<Page<UserRecord> & { page: number; limit: number }>;
    getUser(userId: string): Promise<UserRecord>;
    updateUser(userId: string, input: { role?: string; banned?: boolean }, by?: string | null): Promise<UserRecord>;
    deleteUser(userId: string, by?: string | null): Promise<void>;
    /** Creates a verified admin, or promotes the existing account (bootstrap). */
    ensureAdmin(input: { email: string; password: string }): Promise<UserRecord>;
  };
  tokens: TokenService;
  /** `true` when the role is `roleOrPermission` or grants that permission (`*` grants all). */
  can(user: { role: string }, roleOrPermission: string): boolean;
  /** Subscribes to an audit event; returns the unsubscribe function. */
  on<E extends VaultEventName>(event: E, listener: VaultEventListener<E>): () => void;
  http: VaultHttp;
  /** The route table the framework adapters mount (= `http.routes`). */
  routes: VaultHttp['routes'];
  storage: Storage;
  mailer: Mailer;
  /** Where core and the framework adapters report unexpected errors and warnings (`options.logger`). */
  logger: VaultLogger;
  config: VaultConfig;
  /** Resolves when storage, mailer and uploader answer; throws `DependencyError` otherwise. */
  ready(): Promise<void>;
  /** Waits for pending background mail and closes what the vault opened itself. */
  close(): Promise<void>;
}
