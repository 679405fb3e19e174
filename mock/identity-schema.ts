/**
 * Reading the identity schema: trait paths, the `ory.sh/kratos` extension, and profile form nodes
 * (docs/kratos-behavior.md#nodes-profile).
 */
import { info, inputNode, type UiNode } from './ui.js';
import { getPath, isPlainObject, type JsonObject } from '../spec/json.js';

export function traitsSchema(schema: JsonObject): JsonObject {
  const properties = schema['properties'];
  const traits = isPlainObject(properties) ? properties['traits'] : undefined;
  return isPlainObject(traits) ? traits : { type: 'object', properties: {} };
}

interface TraitProperty {
  path: string;
  schema: JsonObject;
  required: boolean;
}

/** Leaf trait properties in schema order; nested objects are flattened with dots. */
export function traitProperties(schema: JsonObject): TraitProperty[] {
  const out: TraitProperty[] = [];
  const walk = (node: JsonObject, prefix: string) => {
    const properties = isPlainObject(node['properties']) ? node['properties'] : {};
    const required = Array.isArray(node['required']) ? (node['required'] as unknown[]) : [];
    for (const [name, child] of Object.entries(properties)) {
      if (!isPlainObject(child)) continue;
      const path = prefix ? `${prefix}.${name}` : name;
      if (child['type'] === 'object' && isPlainObject(child['properties'])) walk(child, path);
      else out.push({ path, schema: child, required: required.includes(name) });
    }
  };
  walk(traitsSchema(schema), '');
  return out;
}

export function traitPaths(schema: JsonObject): string[] {
  return traitProperties(schema).map((property) => property.path);
}

function extension(property: JsonObject): JsonObject {
  const value = property['ory.sh/kratos'];
  return isPlainObject(value) ? value : {};
}

/** Trait paths whose extension sets `credentials.<type>.<flag>: true` (identifier, account_name, display_name). */
export function credentialFlagPaths(schema: JsonObject, type: string, flag: string): string[] {
  return traitProperties(schema)
    .filter((property) => {
      const credentials = extension(property.schema)['credentials'];
      const entry = isPlainObject(credentials) ? credentials[type] : undefined;
      return isPlainObject(entry) && entry[flag] === true;
    })
    .map((property) => property.path);
}

/** Trait paths the extension marks as an identifier of credential `type` (e.g. password, webauthn). */
export function identifierPaths(schema: JsonObject, type: string): string[] {
  return credentialFlagPaths(schema, type, 'identifier');
}

/** The identifier values of credential `type` found in these traits (lowercased for email-like identifiers, as Kratos). */
export function identifiersFromTraits(schema: JsonObject, traits: unknown, type: string): string[] {
  return identifierPaths(schema, type)
    .map((path) => getPath(traits, path))
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .map((value) => value.trim().toLowerCase());
}

/** The trait values the extension marks with `verification.via` or `recovery.via` (lowercased, as Kratos stores them). */
export function addressTraits(schema: JsonObject, traits: unknown, kind: 'verification' | 'recovery'): { value: string; via: string }[] {
  const out: { value: string; via: string }[] = [];
  for (const property of traitProperties(schema)) {
    const marker = extension(property.schema)[kind];
    const value = getPath(traits, property.path);
    if (isPlainObject(marker) && typeof marker['via'] === 'string' && typeof value === 'string' && value !== '') {
      out.push({ value: value.trim().toLowerCase(), via: marker['via'] });
    }
  }
  return out;
}

/**
 * Values that Kratos treats as protected: credential identifiers, verifiable and recovery addresses
 * (docs/kratos-behavior.md#protected-fields).
 */
export function protectedValues(schema: JsonObject, traits: unknown): string[] {
  const values: string[] = [];
  for (const property of traitProperties(schema)) {
    const ext = extension(property.schema);
    const credentials = isPlainObject(ext['credentials']) ? ext['credentials'] : {};
    const isIdentifier = Object.values(credentials).some((entry) => isPlainObject(entry) && entry['identifier'] === true);
    if (!isIdentifier && !isPlainObject(ext['verification']) && !isPlainObject(ext['recovery'])) continue;
    const value = getPath(traits, property.path);
    values.push(`${property.path}=${typeof value === 'string' ? value.trim().toLowerCase() : JSON.stringify(value ?? null)}`);
  }
  return values;
}

function inputType(property: JsonObject): { type: string; autocomplete?: string } {
  switch (property['type']) {
    case 'number':
    case 'integer':
      return { type: 'number' };
    case 'boolean':
      return { type: 'checkbox' };
  }
  switch (property['format']) {
    case 'email':
      return { type: 'email', autocomplete: 'email' };
    case 'tel':
      return { type: 'tel', autocomplete: 'tel' };
    case 'uri':
      return { type: 'url', autocomplete: 'url' };
    case 'date':
      return { type: 'date' };
    case 'date-time':
      return { type: 'datetime-local' };
  }
  return { type: 'text' };
}

/**
 * One profile input per trait, valued from `traits`, labelled 1070002 with the schema title
 * (docs/kratos-behavior.md#nodes-profile).
 */
export function profileNodes(schema: JsonObject, traits: unknown): UiNode[] {
  return traitProperties(schema).map((property) => {
    const name = `traits.${property.path}`;
    const title = property.schema['title'];
    const { type, autocomplete } = inputType(property.schema);
    const ext = extension(property.schema);
    return inputNode('profile', name, type, {
      value: getPath(traits, property.path),
      required: property.required,
      ...(autocomplete ? { autocomplete } : {}),
      ...(typeof property.schema['pattern'] === 'string' ? { pattern: property.schema['pattern'] } : {}),
      disabled: ext['disabled'] === true,
      ...(Array.isArray(property.schema['enum']) ? { options: (property.schema['enum'] as unknown[]).map((value) => ({ value })) } : {}),
      ...(typeof title === 'string' ? { label: info(1070002, title, { name, title }) } : {}),
    });
  });
}

/** Sets a dotted `path` on a plain object, creating the objects on the way. */
export function setPath(target: JsonObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as JsonObject;
  }
  current[parts[parts.length - 1] ?? ''] = value;
}
