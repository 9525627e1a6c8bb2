import type { z } from 'zod';
import type { RateLimitBucket } from '../config/options.js';
import type { VaultContext } from '../context.js';
import type { VaultErrorCode } from '../errors/codes.js';
import type { MultipartBody } from '../media/multipart-body.js';
import type { AccessClaims, ClientMeta } from '../tokens/types.js';

/**
 * Who may call an operation: `public` (anyone), `optional` (anyone; a signed-in caller is known),
 * `user` (a signed-in caller; with `permission`, one whose role grants it).
 */
export type OperationAuth = 'public' | 'optional' | 'user';

/** Who calls: what `requireAuth` puts on the request (`req.user`), from a verified access token. */
export interface Caller {
  id: string;
  role: string;
  sessionId: string;
}

/** What an operation knows about its call besides the input. */
export interface CallContext {
  /** The signed-in caller; `null` for anonymous calls and for trusted server code (`allowSystem`). */
  caller: Caller | null;
  client: ClientMeta;
  /** The verified access-token claims (over HTTP): logout blacklists that token's `jti`. */
  claims: AccessClaims | null;
}

/** How an operation is served over HTTP (absent: programmatic only). */
export interface OperationHttp<TOutput> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the prefix, with `:param` segments that name input fields. */
  path: string;
  /**
   * The request body: JSON, none, or a multipart form with one streamed file (`multipart({ kinds })`).
   * @default `'json'` for POST/PUT/PATCH with an input, else `'none'`
   */
  body?: 'json' | 'none' | MultipartBody;
  /** The success status of an answer, when `output` declares more than one. */
  status?(output: TOutput): number;
  /** Input fields the request may carry in a token cookie instead (`refreshToken` from the refresh cookie). */
  refreshCookieField?: string;
}

/** Success answers by status: each is the schema of the public object in `data`. */
export type OutputSchemas = Record<number, z.ZodType>;

/** The public object an operation answers (the union of its success answers). */
export type OperationOutput<O extends OutputSchemas> = z.output<O[keyof O]>;

/**
 * One operation, declared once. From it come the `vault.<group>.<method>` function (its
 * TypeScript signature inferred from `input` and `output`), the HTTP route, and the OpenAPI
 * operation with its real answers. The function and the route accept exactly the same input.
 */
export interface OperationDefinition<
  TName extends string = string,
  TAuth extends OperationAuth = OperationAuth,
  TInput extends z.ZodType | undefined = z.ZodType | undefined,
  TOutput extends OutputSchemas = OutputSchemas,
  TSystem extends boolean = boolean,
> {
  /** `group.method`: where the function lives on the vault (`auth.login` → `vault.auth.login`). */
  name: TName;
  summary: string;
  auth: TAuth;
  /** Checked with `can` for a caller (over HTTP there always is one). */
  permission?: string;
  /** Trusted server code may call it without a caller (admin operations). @default false */
  allowSystem?: TSystem;
  /** The bucket counted per client address on every HTTP request. */
  rateLimit: RateLimitBucket | null;
  /** The whole input: body, query and path parameters are merged into it over HTTP. */
  input?: TInput;
  output: TOutput;
  /** The error codes it answers besides the generic ones (validation, auth, 429, 503). */
  errors?: readonly VaultErrorCode[];
  http?: OperationHttp<OperationOutput<TOutput>>;
  run(vault: VaultContext, input: TInput extends z.ZodType ? z.output<TInput> : undefined, call: CallContext): Promise<OperationOutput<TOutput>>;
}

/** Any declared operation (the route table and the method tree are built from these). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = OperationDefinition<string, OperationAuth, any, any, boolean>;

/**
 * Declares an operation with its types inferred (keep the literal `name`, `auth` and
 * `allowSystem`: the vault's method types come from them).
 *
 * @example
 * export const usernameAvailable = defineOperation({
 *   name: 'auth.isUsernameAvailable', summary: 'Whether a username is free', auth: 'public', rateLimit: 'general',
 *   input: z.object({ username: usernameSchema }), output: { 200: z.object({ available: z.boolean() }) },
 *   http: { method: 'GET', path: '/auth/username-available' },
 *   run: async (vault, input) => ({ available: await isUsernameAvailable(vault, input.username) }),
 * });
 */
export function defineOperation<
  const TName extends string,
  const TAuth extends OperationAuth,
  TOutput extends OutputSchemas,
  TInput extends z.ZodType | undefined = undefined,
  const TSystem extends boolean = false,
>(operation: OperationDefinition<TName, TAuth, TInput, TOutput, TSystem>): OperationDefinition<TName, TAuth, TInput, TOutput, TSystem> {
  return operation;
}

/** Options of a programmatic call. */
export interface CallOptions {
  /** The signed-in caller (`req.user` behind `requireAuth`); its permissions are checked. */
  caller?: Caller | null;
  /** The client's address and user agent, stored with a new session. */
  client?: Partial<ClientMeta>;
}

type InputArgs<TInput> = TInput extends z.ZodType ? [input: z.input<TInput>] : [];
type OptionArgs<TAuth, TSystem> = TAuth extends 'user' ? (TSystem extends true ? [options?: CallOptions] : [options: CallOptions & { caller: Caller }]) : [options?: CallOptions];

/** The vault function of an operation: `(input, options)`, without `input` when it takes none. */
export type OperationMethod<TOperation> =
  TOperation extends OperationDefinition<string, infer TAuth, infer TInput, infer TOutput, infer TSystem>
    ? (...args: [...InputArgs<TInput>, ...OptionArgs<TAuth, TSystem>]) => Promise<OperationOutput<TOutput>>
    : never;

type GroupOf<TName> = TName extends `${infer G}.${string}` ? G : never;
type MethodOf<TName> = TName extends `${string}.${infer M}` ? M : never;

/** `{ auth: { login, … }, users: { … }, admin: { … } }` from a union of operations. */
export type OperationMethods<TOperations extends AnyOperation> = {
  [G in GroupOf<TOperations['name']>]: {
    [Op in TOperations as GroupOf<Op['name']> extends G ? MethodOf<Op['name']> : never]: OperationMethod<Op>;
  };
};
