import { z } from 'zod';
import type { ErrorDetail } from '../errors/vault-error.js';
import { closestName } from './suggest.js';

/** A one-line way to make a good `tokens.secret`, written into the messages that ask for one. */
export const GENERATE_SECRET =
  `generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** What to write when a required option is absent, by dotted path (`''`: the options object). */
const REQUIRED: Record<string, string> = {
  '': `createVault needs an options object with at least a server secret: createVault({ tokens: { secret: process.env.JWT_SECRET } }), 32 bytes or more; ${GENERATE_SECRET}`,
  tokens: `is required: tokens: { secret }, with a secret of at least 32 bytes read from the environment (secret: process.env.JWT_SECRET); ${GENERATE_SECRET}`,
  'tokens.secret': `is required: at least 32 bytes (UTF-8), kept out of the code: set it in the environment (JWT_SECRET=... for secret: process.env.JWT_SECRET); ${GENERATE_SECRET}`,
};

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Turns zod's issues about the options into `VaultConfigError` details that say what to do: an
 * absent required option says what it needs, an unknown key names the nearest known option
 * ("did you mean `tokens.accessTtl`?"), and a union (a policy or `false`) reports the branch the
 * value was meant for. Every issue is kept: the error still lists every problem at once. Messages
 * never repeat a value that was passed (option names are not values).
 *
 * @example
 * const parsed = schema.safeParse(options);
 * if (!parsed.success) issues.push(...describeConfigIssues(parsed.error.issues, { schema, options }));
 */
export function describeConfigIssues(issues: readonly Issue[], context: { schema: z.ZodType; options: unknown }): ErrorDetail[] {
  return issues.flatMap((issue) => describe(issue, { ...context, base: [] }));
}

// --- internal ---

interface Context {
  schema: z.ZodType;
  options: unknown;
  /** Where the issue's own (relative) path starts: set inside a union branch. */
  base: Path;
}

function describe(issue: Issue, context: Context): ErrorDetail[] {
  const path = [...context.base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: dotted([...path, key]), message: unknownKey({ schema: context.schema, at: path, key }) }));
  }
  const value = valueAt(context.options, path);
  // Absent, not malformed: a union (a duration is number | string) refuses undefined in each branch.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined) {
    return [{ path: dotted(path), message: REQUIRED[dotted(path)] ?? 'is required' }];
  }
  // `process.env.JWT_SECRET ?? ''` (TypeScript wants a string) is a secret that was never set.
  if (value === '' && REQUIRED[dotted(path)]) return [{ path: dotted(path), message: REQUIRED[dotted(path)]! }];
  if (issue.code === 'invalid_union') {
    const branch = intendedBranch(issue, value);
    if (branch) return branch.flatMap((inner) => describe(inner, { ...context, base: path }));
  }
  return [{ path: dotted(path), message: issue.message }];
}

/**
 * The branch of a failed union that the value was written for: the only one that did not refuse
 * the value's very type (an object given where `policy | false` is allowed was meant as a policy).
 */
function intendedBranch(issue: Extract<Issue, { code: 'invalid_union' }>, value: unknown): Issue[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const plausible = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
  return plausible.length === 1 ? plausible[0] : undefined;
}

function unknownKey(input: { schema: z.ZodType; at: Path; key: string }): string {
  const siblings = objectKeysAt(input.schema, input.at);
  const near = closestName(input.key, siblings);
  if (near !== undefined) return `is not an option; did you mean \`${dotted([...input.at, near])}\`?`;
  // The right name at the wrong level: `accessTtl` beside `tokens` instead of inside it.
  const elsewhere = optionPaths(input.schema).find((p) => p.at(-1)!.toLowerCase() === input.key.toLowerCase());
  if (elsewhere) return `is not an option here; did you mean \`${dotted(elsewhere)}\`?`;
  const known = siblings.length > 0 ? ` (options here: ${siblings.join(', ')})` : '';
  return `is not an option${known}`;
}

/** The keys an object option at `path` accepts (through optional, array and union layers). */
function objectKeysAt(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of path) current = current.flatMap((s) => children(s, segment));
  return [...new Set(current.flatMap((s) => unwrap(s)).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : [])))];
}

/** Every option path outside arrays and records, e.g. `['tokens', 'accessTtl']`. */
function optionPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  return unwrap(schema).flatMap((s) =>
    s instanceof z.ZodObject
      ? Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([key, child]) => [[...prefix, key], ...optionPaths(child, [...prefix, key])])
      : [],
  );
}

function children(schema: z.ZodType, segment: PropertyKey): z.ZodType[] {
  return unwrap(schema).flatMap((s) => {
    if (s instanceof z.ZodObject) {
      const child = (s.shape as Record<string, z.ZodType>)[String(segment)];
      return child ? [child] : [];
    }
    if (s instanceof z.ZodArray) return [s.element as z.ZodType];
    if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
    return [];
  });
}

/** The schemas behind optional / nullable / default wrappers and union alternatives. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodDefault) return unwrap(schema.removeDefault() as z.ZodType);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(unwrap);
  return [schema];
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function dotted(path: Path): string {
  return path.map(String).join('.');
}
