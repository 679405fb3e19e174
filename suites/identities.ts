/**
 * The traits of the identities the suite creates and of its profile updates, drawn from the target's identity schema
 * with the run's seed: valid for the schema, with unique identifiers and addresses so no two identities collide.
 */
import { getPath, isPlainObject, type JsonObject } from '../spec/json.js';
import fc from 'fast-check';
import { compileJsonSchema } from '../spec/index.js';
import type { TargetClient } from './client.js';
import {
  deletePath,
  invalidVariations,
  schemaFacts,
  setPath,
  traitsArbitrary,
  valueArbitrary,
  type InvalidTraits,
  type SchemaFacts,
} from './schema-traits.js';
import { ProvisioningError } from './sessions.js';

const EMAIL_DOMAIN = 'conformance.example.org';

/** A number from a text, so a tag and the seed pick the same sample in every run. */
function seedOf(seed: number, tag: string): number {
  let hash = seed | 0;
  for (const char of tag) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Reads identity schema `schemaId` through the public API (`GET /schemas`, then `GET /schemas/{id}`), as Kratos serves
 * it: https://www.ory.sh/docs/reference/api#tag/identity/operation/listIdentitySchemas. Undefined when the target
 * serves neither; a ProvisioningError when it serves schemas but not this one.
 */
export async function readIdentitySchema(client: TargetClient, schemaId: string): Promise<SchemaFacts | undefined> {
  const list = await client.send({ method: 'GET', url: '/schemas', headers: { accept: 'application/json' } });
  let schema: unknown;
  if (list.status === 200 && Array.isArray(list.json)) {
    const entries = list.json.filter(isPlainObject);
    schema = entries.find((entry) => entry['id'] === schemaId)?.['schema'];
    if (schema === undefined && entries.length > 0) {
      const ids = entries.map((entry) => JSON.stringify(entry['id'])).join(', ');
      throw new ProvisioningError(
        `the target has no identity schema "${schemaId}" (GET /schemas lists ${ids}); pass --schema-id with one of them`,
        list.exchange,
      );
    }
  }
  if (schema === undefined) {
    const single = await client.send({
      method: 'GET',
      url: `/schemas/${Buffer.from(schemaId).toString('base64url')}`,
      headers: { accept: 'application/json' },
    });
    if (single.status === 200) schema = single.json;
  }
  if (!isPlainObject(schema) || !isPlainObject(schema['properties']) || !isPlainObject(schema['properties']['traits'])) return undefined;
  try {
    return schemaFacts(schema);
  } catch (error) {
    throw new ProvisioningError(`identity schema "${schemaId}" cannot be compiled: ${(error as Error).message}`);
  }
}

/** Whether a form of these traits has a field: some value that is not an object. */
function carriesAValue(value: unknown): boolean {
  return isPlainObject(value) ? Object.values(value).some(carriesAValue) : value !== undefined;
}

export interface NewTraits {
  traits: JsonObject;
  /** What logs in with the password: the first password identifier's value. */
  identifier: string;
}

export class TraitMaker {
  constructor(
    private readonly seed: number,
    readonly facts: SchemaFacts | undefined,
  ) {
    if (facts && facts.passwordIdentifiers.length === 0) {
      throw new ProvisioningError(
        'the identity schema marks no trait as a password identifier ("ory.sh/kratos": {"credentials": {"password": {"identifier": true}}}), so the suite cannot log in',
      );
    }
  }

  /** The trait that logs in with the password. */
  get identifierTrait(): string {
    return this.facts?.passwordIdentifiers[0] ?? 'email';
  }

  /** Valid traits named by `tag` (unique per identity or update): identifiers and addresses unique to it. */
  traits(tag: string): NewTraits {
    const facts = this.facts;
    if (!facts) {
      const email = this.uniqueEmail(tag);
      return { traits: { email }, identifier: email };
    }
    const [sample] = fc.sample(traitsArbitrary(facts), { seed: seedOf(this.seed, tag), numRuns: 1 });
    const traits = structuredClone(sample ?? {});
    const unique = new Set([...facts.passwordIdentifiers, ...facts.addresses.map((address) => address.path)]);
    for (const path of unique)
      setPath(traits, path, this.uniqueValue(path, `${tag}${unique.size > 1 ? `-${[...unique].indexOf(path)}` : ''}`));
    const problems = facts.validate(traits);
    if (problems.length > 0) throw new ProvisioningError(`could not generate traits valid for the identity schema: ${problems.join('; ')}`);
    return { traits, identifier: String(getPath(traits, this.identifierTrait)) };
  }

  /** Traits that break one rule of the schema, and the node the target must name; form-safe ones survive form encoding. */
  invalid(valid: JsonObject, tag: string, formEncoded: boolean): InvalidTraits | undefined {
    if (!this.facts) return { kind: 'format broken', traits: { ...valid, email: 'not-an-email-address' }, node: 'traits.email' };
    // A wrong JSON type does not survive form encoding ("12345" is a string there), and traits without a single value
    // (a required trait left out of `{name: {}}`) send no traits field at all, which a target may read as no traits.
    const survivesForm = (variation: InvalidTraits) => variation.kind !== 'wrong type' && carriesAValue(variation.traits);
    const variations = invalidVariations(this.facts, valid).filter((variation) => !formEncoded || survivesForm(variation));
    return variations.length === 0 ? undefined : variations[Math.abs(seedOf(this.seed, tag)) % variations.length];
  }

  /**
   * An optional trait (neither identifier nor address) that `traits` leaves out, with a valid value for it. When the
   * sampled traits hold every optional trait, one is taken out of them (if they stay valid without it), so a submit
   * always has a trait to leave out.
   */
  optionalTrait(tag: string, traits: JsonObject): { traits: JsonObject; path: string; value: unknown } | undefined {
    const facts = this.facts;
    if (!facts) return undefined;
    const special = new Set([...facts.passwordIdentifiers, ...facts.addresses.map((address) => address.path)]);
    const optional = facts.leaves.filter((candidate) => !candidate.required && !special.has(candidate.path));
    for (const leaf of optional) {
      const value = getPath(traits, leaf.path);
      if (value === undefined) continue;
      const trimmed = structuredClone(traits);
      deletePath(trimmed, leaf.path);
      if (facts.validate(trimmed).length === 0) return { traits: trimmed, path: leaf.path, value };
    }
    const leaf = optional.find((candidate) => getPath(traits, candidate.path) === undefined);
    if (!leaf) return undefined;
    const check = compileJsonSchema(leaf.schema);
    const [value] = fc.sample(
      valueArbitrary(leaf.schema).filter((candidate) => check(candidate).length === 0),
      { seed: seedOf(this.seed, `${tag}-optional`), numRuns: 1 },
    );
    return { traits, path: leaf.path, value };
  }

  private uniqueEmail(tag: string): string {
    return `ksc-${this.seed}-${tag}@${EMAIL_DOMAIN}`.toLowerCase();
  }

  /** A readable unique value for an identifier or address trait; a sample of its schema when that does not fit. */
  private uniqueValue(path: string, tag: string): unknown {
    const leaf = this.facts!.leaves.find((candidate) => candidate.path === path);
    if (!leaf) return this.uniqueEmail(tag);
    const schema = leaf.schema;
    const digits = String(Math.abs(seedOf(this.seed, tag)))
      .padStart(9, '0')
      .slice(-9);
    const candidate =
      schema['format'] === 'email'
        ? this.uniqueEmail(tag)
        : schema['format'] === 'tel'
          ? `+4930${digits}`
          : `ksc${this.seed.toString(36)}${tag}`.toLowerCase().replace(/[^a-z0-9]/g, '');
    const check = compileJsonSchema(schema);
    if (check(candidate).length === 0) return candidate;
    const [sample] = fc.sample(
      valueArbitrary(schema).filter((value) => check(value).length === 0),
      { seed: seedOf(this.seed, `${tag}-unique`), numRuns: 1 },
    );
    return sample;
  }
}
