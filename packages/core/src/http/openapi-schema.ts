import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;
/** Named schemas collected for `components/schemas`. */
export type Defs = Record<string, unknown>;

/**
 * JSON Schema of a zod schema (zod 4's `z.toJSONSchema`): `input` side for requests, `output`
 * side for answers. Named sub-schemas (`.meta({ id })`) move to `components/schemas`.
 */
export function toSchema(schema: z.ZodType, defs: Defs, io: 'input' | 'output'): JsonSchema {
  let out: JsonSchema;
  try {
    out = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  } catch {
    return {};
  }
  const { $schema: _dialect, $defs, ...rest } = out;
  if ($defs && typeof $defs === 'object') Object.assign(defs, rewriteRefs($defs as JsonSchema));
  // A named schema comes back as a `$ref` to its own entry in `$defs` (now in `defs`).
  return rewriteRefs(rest);
}

/** The properties of an object schema. */
export function properties(schema: JsonSchema): Record<string, unknown> {
  const props = schema.properties;
  return typeof props === 'object' && props !== null ? (props as Record<string, unknown>) : {};
}

function rewriteRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}
