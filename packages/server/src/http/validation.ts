// Request validation from the TypeBox schemas (the single source of truth for validation, types
// and the OpenAPI document). Query strings, path and header values arrive as text and are
// converted to the schema's types ("20" → 20, "true" → true, a single value → a one-item array);
// JSON bodies are not converted: `{"limit": "20"}` is a wrong type and is refused. Defaults are
// filled in everywhere. Unknown fields fail (every object schema says additionalProperties: false).
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * The validator compiler for `app.setValidatorCompiler`.
 * @example app.setValidatorCompiler(typeboxValidatorCompiler)
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const convert = httpPart !== 'body';
  return (input: unknown) => {
    let value = Value.Default(schema, structuredCloneSafe(input));
    if (convert) value = Value.Convert(schema, value);
    if (check.Check(value)) return { value };
    return { error: [...check.Errors(value)] as never };
  };
};

/** Query and params objects from Fastify have a null prototype; keep them plain and our own. */
function structuredCloneSafe(input: unknown): unknown {
  if (input === null || typeof input !== 'object') return input;
  return JSON.parse(JSON.stringify(input)) as unknown;
}
