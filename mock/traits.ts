/** Validating traits against the identity schema (through spec's compileJsonSchema) and Kratos's messages for it. */
import { compileJsonSchema, type Violation } from '../spec/index.js';
import { error, type NodeMessage, type UiText } from './ui.js';
import { isPlainObject, type JsonObject } from '../spec/json.js';

function atPointer(root: unknown, pointer: string): unknown {
  let current = root;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isPlainObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Kratos's validation message (text/message_validation.go) for one JSON Schema violation. */
function messageFor(violation: Violation, schema: JsonObject, document: unknown): UiText {
  const limit = atPointer(schema, violation.schemaPath.replace(/^#/, ''));
  const value = atPointer(document, violation.path);
  switch (violation.keyword) {
    case 'required': {
      const property = /'([^']+)'/.exec(violation.message)?.[1] ?? '';
      return error(4000002, `Property ${property} is missing.`, { property });
    }
    case 'minLength':
      return error(4000003, `length must be >= ${String(limit)}, but got ${String(value).length}`, {
        actual_length: String(value).length,
        min_length: limit,
      });
    case 'maxLength':
      return error(4000017, `length must be <= ${String(limit)}, but got ${String(value).length}`, {
        actual_length: String(value).length,
        max_length: limit,
      });
    case 'pattern':
      return error(4000004, `does not match pattern "${String(limit)}"`, { pattern: limit });
    case 'minimum':
      return error(4000018, `must be >= ${String(limit)} but found ${String(value)}`, { actual: value, minimum: limit });
    case 'type':
      return error(4000026, `expected ${String(limit)}, but got ${jsonType(value)}`, {
        actual_type: jsonType(value),
        expected_types: Array.isArray(limit) ? limit : [limit],
      });
    case 'format':
      if (limit === 'email') return error(4000040, `"${String(value)}" is not valid "email"`, { format: 'email', value });
      return error(4000001, `"${String(value)}" is not valid "${String(limit)}"`, { reason: violation.message });
    default:
      return error(4000001, violation.message, { reason: violation.message });
  }
}

/** `/traits/name/first` → `traits.name.first`; a `required` violation points at the missing property. */
function nodeName(violation: Violation): string | undefined {
  let path = violation.path;
  if (violation.keyword === 'required') {
    const property = /'([^']+)'/.exec(violation.message)?.[1];
    if (property) path = `${path}/${property}`;
  }
  const name = path.split('/').filter(Boolean).join('.');
  return name.startsWith('traits') && name !== 'traits' ? name : undefined;
}

/** Every violation of `{traits}` against the identity schema, as node messages on `traits.*` (global otherwise). */
export function validateTraits(identitySchema: JsonObject, traits: unknown): NodeMessage[] {
  const document = { traits };
  const violations = compileJsonSchema(identitySchema)(document).filter((violation) => violation.keyword !== 'if');
  return violations.map((violation) => {
    const node = nodeName(violation);
    const message = messageFor(violation, identitySchema, document);
    return node === undefined ? { message } : { node, message };
  });
}

/** Form values are strings; turn them into the schema's types before validation, as Kratos's decoder does. */
export function coerceTraits(identitySchema: JsonObject, traits: unknown): unknown {
  const walk = (schema: unknown, value: unknown): unknown => {
    if (!isPlainObject(schema)) return value;
    if (isPlainObject(value) && isPlainObject(schema['properties'])) {
      const properties = schema['properties'];
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(properties[key], child)]));
    }
    if (typeof value !== 'string') return value;
    const type = schema['type'];
    if ((type === 'number' || type === 'integer') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  };
  const properties = identitySchema['properties'];
  return walk(isPlainObject(properties) ? properties['traits'] : undefined, traits);
}
