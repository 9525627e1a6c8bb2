import type { PublicVaultConfig } from './config/public-config.js';
import type { VaultEventListener, VaultEventName } from './events/types.js';
import type { VaultHttp } from './http/types.js';
import type { VaultLogger } from './logging/logger.js';
import type { OperationMethods } from './operations/define.js';
import type { VaultOperation } from './operations/index.js';
import type { Mailer } from './ports/mailer.js';
import type { Storage } from './ports/storage.js';
import type { Uploader } from './ports/uploader.js';
import type { TokenService } from './tokens/types.js';

/** What app code may do with tokens directly: verify one, end sessions. */
export type VaultTokens = Pick<TokenService, 'verifyAccess' | 'revokeSession' | 'revokeAllSessions'>;

/**
 * The vault. `auth`, `users` and `admin` hold one function per operation, generated from the same
 * declarations as the HTTP routes: each takes the route's input (validated by the same schema)
 * and answers the same public object the route puts in `data` (never a hash, code or secret).
 * Functions that act on a signed-in user's own account take `{ caller: req.user }`.
 *
 * @example
 * const { user, accessToken } = await vault.auth.verifyEmail({ email, code });
 * const { user: me } = await vault.users.me({ caller: req.user });
 * await vault.admin.updateUser({ id, banned: true }); // trusted server code: no caller needed
 */
export type Vault = OperationMethods<VaultOperation> & {
  tokens: VaultTokens;
  /** `true` when the role is `roleOrPermission` or grants that permission (`*` grants all). */
  can(user: { role: string }, roleOrPermission: string): boolean;
  /** Subscribes to an audit event; returns the unsubscribe function. */
  on<E extends VaultEventName>(event: E, listener: VaultEventListener<E>): () => void;
  http: VaultHttp;
  /** The route table the framework adapters mount (= `http.routes`). */
  routes: VaultHttp['routes'];
  /**
   * The storage port (the adapter you passed, or the embedded memory storage). It speaks in
   * storage records, which carry hashes: for adapters and tests, never for a response.
   */
  storage: Storage;
  mailer: Mailer;
  /**
   * The uploader port: the one you passed, or the embedded local-disk uploader (files under
   * `DEFAULT_UPLOAD_DIRECTORY`, URLs under `/uploads`; `isLocalDiskUploader(vault.uploader)`
   * gives its `locate()` for serving them). With `config` and `logger`, the vault is the context
   * `storeUpload` and `keepUpload` take.
   */
  uploader: Uploader;
  /** Where core and the framework adapters report unexpected errors and warnings (`options.logger`). */
  logger: VaultLogger;
  /** The resolved configuration, without any secret (frozen). */
  config: PublicVaultConfig;
  /** Resolves when storage, mailer and uploader answer; throws `DependencyError` otherwise. */
  ready(): Promise<void>;
  /** Waits for pending background mail and closes what the vault opened itself. */
  close(): Promise<void>;
};
