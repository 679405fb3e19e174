/** JSON values as the mock and the suite read them: a parsed body, a schema, a configuration section. */

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a JSON object, else undefined. */
export function asPlainObject(value: unknown): JsonObject | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** The value at a dotted path (`traits.name.first`), or undefined where the path leaves the objects. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}
