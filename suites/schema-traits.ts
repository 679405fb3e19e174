/**
 * Identity traits from the target's identity schema: what the `ory.sh/kratos` extension marks (password identifier,
 * TOTP account name, verification and recovery addresses), fast-check arbitraries of valid traits, and invalid
 * variations of valid traits, each naming the `traits.*` node the target must put its message on.
 * The extension: https://www.ory.sh/docs/kratos/manage-identities/customize-identity-schema
 */
import { getPath, isPlainObject, type JsonObject } from '../spec/json.js';
import fc from 'fast-check';
import { compileJsonSchema } from '../spec/index.js';

export interface TraitLeaf {
  /** Dotted path below `traits`. */
  path: string;
  schema: JsonObject;
  /** Required, and so is every object on the way to it. */
  required: boolean;
}

export interface SchemaFacts {
  /** The `traits` subschema. */
  traits: JsonObject;
  leaves: TraitLeaf[];
  passwordIdentifiers: string[];
  totpAccountName: string | undefined;
  /** Traits a verification or recovery message is sent to, with the channel. */
  addresses: Array<{ path: string; via: string }>;
  /** Lists every violation of a traits value. */
  validate: (traits: unknown) => string[];
}

function typeOf(schema: JsonObject): string | undefined {
  const type = schema['type'];
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  return typeof type === 'string' ? type : undefined;
}

function leavesOf(schema: JsonObject, prefix: string, parentRequired: boolean): TraitLeaf[] {
  const properties = isPlainObject(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'] : [];
  return Object.entries(properties).flatMap(([name, child]) => {
    if (!isPlainObject(child)) return [];
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const isRequired = parentRequired && required.includes(name);
    if (typeOf(child) === 'object') return leavesOf(child, path, isRequired);
    return [{ path, schema: child, required: isRequired }];
  });
}

function extensionOf(leaf: TraitLeaf): JsonObject {
  const extension = leaf.schema['ory.sh/kratos'];
  return isPlainObject(extension) ? extension : {};
}

function credentialFlag(leaf: TraitLeaf, type: string, flag: string): boolean {
  const credentials = extensionOf(leaf)['credentials'];
  const entry = isPlainObject(credentials) ? credentials[type] : undefined;
  return isPlainObject(entry) && entry[flag] === true;
}

/** What the suite needs to know of an identity schema (the whole schema, `properties.traits` inside). */
export function schemaFacts(schema: JsonObject): SchemaFacts {
  const properties = isPlainObject(schema['properties']) ? schema['properties'] : {};
  const traits = isPlainObject(properties['traits']) ? properties['traits'] : { type: 'object', properties: {} };
  const leaves = leavesOf(traits, '', true);
  const addresses = leaves.flatMap((leaf) => {
    const extension = extensionOf(leaf);
    const via = [extension['verification'], extension['recovery']]
      .map((entry) => (isPlainObject(entry) ? entry['via'] : undefined))
      .find((entry) => typeof entry === 'string');
    return typeof via === 'string' ? [{ path: leaf.path, via }] : [];
  });
  const check = compileJsonSchema(traits);
  return {
    traits,
    leaves,
    passwordIdentifiers: leaves.filter((leaf) => credentialFlag(leaf, 'password', 'identifier')).map((leaf) => leaf.path),
    totpAccountName: leaves.find((leaf) => credentialFlag(leaf, 'totp', 'account_name'))?.path,
    addresses,
    validate: (value) => check(value).map((violation) => `${violation.path || '/'} ${violation.message}`),
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = `${LETTERS}0123456789`;
const wordArbitrary = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength: min, maxLength: max });

function bounds(schema: JsonObject, minKey: string, maxKey: string, fallbackMax: number): { min: number; max: number } {
  const min = typeof schema[minKey] === 'number' ? (schema[minKey] as number) : 0;
  const max = typeof schema[maxKey] === 'number' ? (schema[maxKey] as number) : Math.max(min, fallbackMax);
  return { min, max };
}

function stringArbitrary(schema: JsonObject): fc.Arbitrary<string> {
  const { min, max } = bounds(schema, 'minLength', 'maxLength', 24);
  const fits = (value: string) => value.length >= min && value.length <= max;
  const pad = (value: string) => value.padEnd(min, 'x');
  switch (schema['format']) {
    case 'email':
      return fc
        .tuple(wordArbitrary(1, 12), fc.constantFrom('example.org', 'example.com', 'mail.example.net'))
        .map(([local, domain]) => `ksc.${local}@${domain}`)
        .filter(fits);
    case 'uri':
    case 'url':
    case 'iri':
      return wordArbitrary(1, 12)
        .map((path) => `https://example.org/${path}`)
        .filter(fits);
    case 'date':
      return fc
        .date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    case 'uuid':
      return fc.uuid();
    case 'hostname':
      return wordArbitrary(1, 12)
        .map((name) => `${name}.example.org`)
        .filter(fits);
    case 'tel':
      return fc.integer({ min: 1_000_000, max: 9_999_999 }).map((number) => `+4930${number}`);
  }
  if (typeof schema['pattern'] === 'string') {
    return fc.stringMatching(new RegExp(schema['pattern'] as string, 'u')).filter(fits);
  }
  // A first letter keeps the value a word (no leading space or digit-only oddities) at every length.
  return fc
    .tuple(fc.constantFrom(...LETTERS.toUpperCase()), wordArbitrary(Math.max(0, min - 1), Math.max(0, Math.min(max, 24) - 1)))
    .map(([first, rest]) => pad(first + rest));
}

/** An arbitrary of values valid for one schema (enum, const, types, formats, patterns, lengths, ranges, objects, arrays). */
export function valueArbitrary(schema: JsonObject): fc.Arbitrary<unknown> {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return fc.constantFrom(...(schema['enum'] as unknown[]));
  if ('const' in schema) return fc.constant(schema['const']);
  switch (typeOf(schema)) {
    case 'object': {
      const properties = isPlainObject(schema['properties']) ? schema['properties'] : {};
      const required = (Array.isArray(schema['required']) ? schema['required'] : []).filter(
        (key): key is string => typeof key === 'string' && key in properties,
      );
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(properties)) if (isPlainObject(child)) record[key] = valueArbitrary(child);
      // Only declared properties: valid under additionalProperties: false as well.
      return fc.record(record, { requiredKeys: required });
    }
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? Math.ceil(schema['minimum'] as number) : 0;
      const max = typeof schema['maximum'] === 'number' ? Math.floor(schema['maximum'] as number) : min + 10_000;
      return fc.integer({ min, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const { min, max } = bounds(schema, 'minItems', 'maxItems', 3);
      const items = isPlainObject(schema['items']) ? valueArbitrary(schema['items']) : wordArbitrary(1, 8);
      return fc.array(items, { minLength: min, maxLength: Math.min(max, min + 3) });
    }
    default:
      return stringArbitrary(schema);
  }
}

/** Valid traits for a schema: the generated value, checked against the schema itself. */
export function traitsArbitrary(facts: SchemaFacts): fc.Arbitrary<JsonObject> {
  return valueArbitrary(facts.traits).filter(
    (value) => isPlainObject(value) && facts.validate(value).length === 0,
  ) as fc.Arbitrary<JsonObject>;
}

export function setPath(target: JsonObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as JsonObject;
  }
  current[parts.at(-1)!] = value;
}

export function deletePath(target: JsonObject, path: string): void {
  const parts = path.split('.');
  const parent = getPath(target, parts.slice(0, -1).join('.'));
  const container = parts.length === 1 ? target : parent;
  if (isPlainObject(container)) delete container[parts.at(-1)!];
}

/** One way to make valid traits invalid, and the node whose messages must say so. */
export interface InvalidTraits {
  kind: 'wrong type' | 'missing required' | 'pattern broken' | 'format broken' | 'too long' | 'too short' | 'not in enum';
  traits: JsonObject;
  /** `traits.<path>`: the form node the target puts its message on. */
  node: string;
}

/** Every invalid variation of these valid traits the schema allows, each breaking one rule of one trait. */
export function invalidVariations(facts: SchemaFacts, valid: JsonObject): InvalidTraits[] {
  const variations: InvalidTraits[] = [];
  const variant = (kind: InvalidTraits['kind'], path: string, change: (copy: JsonObject) => void) => {
    const copy = structuredClone(valid);
    change(copy);
    // Only a variation the schema really rejects on that trait is one the target must reject.
    if (facts.validate(copy).length > 0) variations.push({ kind, traits: copy, node: `traits.${path}` });
  };
  for (const leaf of facts.leaves) {
    const { schema, path } = leaf;
    const type = typeOf(schema);
    variant('wrong type', path, (copy) => setPath(copy, path, type === 'string' ? { not: 'a string' } : 'not-a-number-or-flag'));
    if (leaf.required) variant('missing required', path, (copy) => deletePath(copy, path));
    if (Array.isArray(schema['enum'])) variant('not in enum', path, (copy) => setPath(copy, path, 'ksc-not-one-of-the-allowed-values'));
    if (type !== 'string') continue;
    if (typeof schema['pattern'] === 'string') variant('pattern broken', path, (copy) => setPath(copy, path, '!! ksc no match !!'));
    if (typeof schema['format'] === 'string')
      variant('format broken', path, (copy) => setPath(copy, path, 'not a valid value of its format'));
    if (typeof schema['maxLength'] === 'number')
      variant('too long', path, (copy) => setPath(copy, path, 'x'.repeat((schema['maxLength'] as number) + 1)));
    if (typeof schema['minLength'] === 'number' && (schema['minLength'] as number) > 1)
      variant('too short', path, (copy) => setPath(copy, path, 'x'));
  }
  return variations;
}
