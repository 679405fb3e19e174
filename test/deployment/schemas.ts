/** Identity schemas as deployments write them (https://www.ory.sh/docs/kratos/manage-identities/customize-identity-schema). */
const draft = 'http://json-schema.org/draft-07/schema#';

const emailTrait = (identifier: boolean) => ({
  type: 'string',
  format: 'email',
  title: 'E-Mail',
  maxLength: 320,
  'ory.sh/kratos': {
    ...(identifier ? { credentials: { password: { identifier: true }, totp: { account_name: true } } } : {}),
    verification: { via: 'email' },
    recovery: { via: 'email' },
  },
});

export const EMAIL_ONLY = {
  $id: 'https://example.test/schemas/email.json',
  $schema: draft,
  title: 'Person',
  type: 'object',
  properties: { traits: { type: 'object', properties: { email: emailTrait(true) }, required: ['email'], additionalProperties: false } },
};

export const EMAIL_AND_NAME = {
  $id: 'https://example.test/schemas/email-name.json',
  $schema: draft,
  title: 'Person',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: emailTrait(true),
        name: {
          type: 'object',
          properties: {
            first: { type: 'string', title: 'First name', minLength: 1, maxLength: 40 },
            last: { type: 'string', title: 'Last name', minLength: 1, maxLength: 40 },
          },
          required: ['first', 'last'],
          additionalProperties: false,
        },
      },
      required: ['email', 'name'],
      additionalProperties: false,
    },
  },
};

/** A username logs in; the email only receives verification and recovery messages; required nested traits and an enum. */
export const USERNAME_AND_EMAIL = {
  $id: 'https://example.test/schemas/username.json',
  $schema: draft,
  title: 'Member',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        username: {
          type: 'string',
          title: 'Username',
          pattern: '^[a-z0-9_]+$',
          minLength: 3,
          maxLength: 32,
          'ory.sh/kratos': { credentials: { password: { identifier: true }, totp: { account_name: true } } },
        },
        email: emailTrait(false),
        name: {
          type: 'object',
          properties: { first: { type: 'string', minLength: 1, maxLength: 40 }, last: { type: 'string', minLength: 1, maxLength: 40 } },
          required: ['first', 'last'],
        },
        plan: { type: 'string', enum: ['free', 'team', 'enterprise'] },
      },
      required: ['username', 'email', 'name'],
      additionalProperties: false,
    },
  },
};
