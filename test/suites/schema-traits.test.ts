import { expect } from 'chai';
import fc from 'fast-check';
import { DEFAULT_IDENTITY_SCHEMA } from '../../mock/default-identity-schema.js';
import { TraitMaker } from '../../suites/identities.js';
import { invalidVariations, schemaFacts, traitsArbitrary, valueArbitrary } from '../../suites/schema-traits.js';
import { EMAIL_AND_NAME, EMAIL_ONLY, USERNAME_AND_EMAIL } from '../deployment/schemas.js';

const SCHEMAS = { EMAIL_ONLY, EMAIL_AND_NAME, USERNAME_AND_EMAIL, DEFAULT_IDENTITY_SCHEMA } as Record<string, Record<string, unknown>>;

describe('traits from an identity schema', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name}: every generated value is valid for the schema without filtering`, () => {
      const facts = schemaFacts(schema);
      fc.assert(
        fc.property(valueArbitrary(facts.traits), (traits) => {
          expect(facts.validate(traits)).to.deep.equal([]);
        }),
        { numRuns: 200, seed: 7 },
      );
    });

    it(`${name}: each invalid variation breaks the schema at the node it names`, () => {
      const facts = schemaFacts(schema);
      fc.assert(
        fc.property(traitsArbitrary(facts), (valid) => {
          for (const variation of invalidVariations(facts, valid)) {
            expect(facts.validate(variation.traits), `${variation.kind} ${variation.node}`).not.to.deep.equal([]);
            expect(variation.node).to.match(/^traits\./);
          }
        }),
        { numRuns: 30, seed: 7 },
      );
    });
  }

  it('reads the password identifier, TOTP account name and addresses from the ory.sh/kratos extension', () => {
    const facts = schemaFacts(USERNAME_AND_EMAIL);
    expect(facts.passwordIdentifiers).to.deep.equal(['username']);
    expect(facts.totpAccountName).to.equal('username');
    expect(facts.addresses).to.deep.equal([{ path: 'email', via: 'email' }]);
    expect(facts.leaves.filter((leaf) => leaf.required).map((leaf) => leaf.path)).to.deep.equal([
      'username',
      'email',
      'name.first',
      'name.last',
    ]);
  });

  it('derives every kind of invalid traits the schema allows', () => {
    const facts = schemaFacts(USERNAME_AND_EMAIL);
    const [valid] = fc.sample(traitsArbitrary(facts), { seed: 1, numRuns: 1 });
    const kinds = invalidVariations(facts, valid!).map((variation) => `${variation.kind} ${variation.node}`);
    expect(kinds).to.include.members([
      'wrong type traits.username',
      'missing required traits.username',
      'pattern broken traits.username',
      'too long traits.username',
      'too short traits.username',
      'format broken traits.email',
      'missing required traits.name.first',
      'too long traits.name.last',
      'not in enum traits.plan',
    ]);
  });

  it('gives every identity valid traits with its own identifier and address', () => {
    const maker = new TraitMaker(42, schemaFacts(USERNAME_AND_EMAIL));
    const made = ['1-primary', '2-other', '3-profile'].map((tag) => maker.traits(tag));
    for (const { traits } of made) expect(schemaFacts(USERNAME_AND_EMAIL).validate(traits)).to.deep.equal([]);
    expect(new Set(made.map((entry) => entry.identifier)).size).to.equal(3);
    expect(new Set(made.map((entry) => entry.traits['email'])).size).to.equal(3);
    expect(made[0]!.identifier).to.equal(made[0]!.traits['username']);
  });

  it('refuses a schema without a password identifier, since nothing could log in', () => {
    const schema = { type: 'object', properties: { traits: { type: 'object', properties: { nick: { type: 'string' } } } } };
    expect(() => new TraitMaker(1, schemaFacts(schema))).to.throw(/password identifier/);
  });
});
