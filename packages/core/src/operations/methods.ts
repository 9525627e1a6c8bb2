import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import { can } from '../http/authorize.js';
import { validateInput } from '../http/validate.js';
import type { AnyOperation, Caller, CallOptions, OperationMethods } from './define.js';

/**
 * The vault's functions (`vault.auth.login`, …), one per operation, from the declarations. Each
 * validates its input with the operation's schema (the same rules as over HTTP: every problem in
 * one `VALIDATION_FAILED`), checks the caller, and answers the public object.
 *
 * @example
 * const methods = buildOperationMethods(ctx, vaultOperations);
 * await methods.auth.login({ identifier: 'ada@example.com', password });
 */
export function buildOperationMethods<const TOperations extends readonly AnyOperation[]>(
  ctx: VaultContext,
  operations: TOperations,
): OperationMethods<TOperations[number]> {
  const tree: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const op of operations) {
    const [group, name] = op.name.split('.') as [string, string];
    (tree[group] ??= {})[name] = (...args: unknown[]) => {
      const [input, options] = op.input ? args : [undefined, args[0]];
      return invoke(ctx, op, { input, options: options as CallOptions | undefined });
    };
  }
  return tree as unknown as OperationMethods<TOperations[number]>;
}

// --- internal ---

async function invoke(ctx: VaultContext, op: AnyOperation, call: { input: unknown; options: CallOptions | undefined }): Promise<unknown> {
  const options = call.options ?? {};
  if (typeof options !== 'object' || options === null) throw new TypeError(`vault.${op.name}: the options must be an object ({ caller, client })`);
  const caller = options.caller ? checkedCaller(op, options.caller) : null;
  if (op.auth === 'user' && !caller && !op.allowSystem) {
    throw new TypeError(`vault.${op.name} acts on a signed-in user's account: pass { caller: req.user } (set by requireAuth)`);
  }
  if (caller && op.permission && !can(ctx.config.roles, caller.role, op.permission)) throw new VaultError('FORBIDDEN');
  const input = op.input ? validateInput(op.input, call.input) : undefined;
  const client = { ip: options.client?.ip ?? null, userAgent: options.client?.userAgent ?? null };
  return op.run(ctx, input, { caller, client, claims: null });
}

function checkedCaller(op: AnyOperation, caller: Caller): Caller {
  const ok = typeof caller === 'object' && typeof caller.id === 'string' && typeof caller.role === 'string' && typeof caller.sessionId === 'string';
  if (!ok) throw new TypeError(`vault.${op.name}: caller must be { id, role, sessionId } (req.user behind requireAuth)`);
  return { id: caller.id, role: caller.role, sessionId: caller.sessionId };
}
