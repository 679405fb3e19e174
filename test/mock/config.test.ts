import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, resolveConfig } from '../../mock/config.js';
import { init } from '../../mock/index.js';

async function startError(options: Parameters<typeof init>[0]): Promise<Error> {
  try {
    await init(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('init did not fail');
}

describe('mock: configuration', () => {
  it("defaults are Kratos's (docs/kratos-behavior.md#defaults) with every settings method enabled", () => {
    const config = resolveConfig({});
    expect(config.flowLifespanMs).to.equal(60 * 60 * 1000);
    expect(config.privilegedMaxAgeMs).to.equal(60 * 60 * 1000);
    expect(config.requiredAal).to.equal('highest_available');
    expect(config.enabled).to.deep.equal({
      profile: true,
      password: true,
      oidc: true,
      totp: true,
      passkey: true,
      webauthn: true,
      lookup_secret: true,
    });
    expect(config.password.minLength).to.equal(8);
    expect(config.password.hashCost).to.equal(16384);
    expect(config.ui).to.deep.equal({
      settings: 'http://127.0.0.1:4433/ui/settings',
      login: 'http://127.0.0.1:4433/ui/login',
      error: 'http://127.0.0.1:4433/ui/error',
      registration: 'http://127.0.0.1:4433/ui/registration',
      verification: 'http://127.0.0.1:4433/ui/verification',
      recovery: 'http://127.0.0.1:4433/ui/recovery',
    });
  });

  for (const [input, key] of [
    [{ nope: 1 }, 'nope'],
    [{ methods: { password: { min_lenght: 3 } } }, 'methods.password.min_lenght'],
    [{ required_aal: 'aal3' }, 'required_aal'],
    [{ flow_lifespan: 'soon' }, 'flow_lifespan'],
    [{ public_base_url: 'ftp://x' }, 'public_base_url'],
    [{ allowed_return_urls: ['https://ok.example', 'not a url'] }, 'allowed_return_urls[1]'],
    [{ methods: { oidc: { providers: [{ id: 'a' }, { id: 'a' }] } } }, 'methods.oidc.providers'],
    [{ identity_schema: { type: 'object' } }, 'identity_schema.properties.traits'],
    [{ ui: { settings: 'relative/path' } }, 'ui.settings'],
    [{ methods: { password: { haveibeenpwned_enabled: 'yes' } } }, 'methods.password.haveibeenpwned_enabled'],
    [{ methods: { password: { hash_cost: 1000 } } }, 'methods.password.hash_cost'],
    [{ cors: { allowed_origins: ['https://*.*.example'] } }, 'cors.allowed_origins[0]'],
    [{ cors: { allowed_methods: ['FETCH'] } }, 'cors.allowed_methods[0]'],
    [{ cors: { max_age: -1 } }, 'cors.max_age'],
  ] as const) {
    it(`a bad key fails at start naming it: ${key}`, async () => {
      const error = await startError({ config: input });
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message).to.include(`"${key}"`);
    });
  }

  it('an unknown fault name fails at start', async () => {
    const error = await startError({ faults: ['no-such-fault'] });
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.message).to.include('no-such-fault');
  });

  it('reads YAML and JSON config files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-config-'));
    const yamlFile = join(dir, 'mock.yaml');
    writeFileSync(yamlFile, 'required_aal: aal1\nmethods:\n  password:\n    min_length: 12\n');
    const server = await init({ configFile: yamlFile });
    expect((server.app as any).mock.config.password.minLength).to.equal(12);
    const jsonFile = join(dir, 'mock.json');
    writeFileSync(jsonFile, JSON.stringify({ bogus: true }));
    const error = await startError({ configFile: jsonFile });
    expect(error.message).to.include('"bogus"');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'a: [');
    expect((await startError({ configFile: broken })).message).to.include('not valid YAML');
  });

  it("the README's front-end config starts the mock with its identities", async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const block = /```yaml\n(# mock\.yaml[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the mock.yaml block in README.md').to.be.a('string');
    const server = await init({ config: parseYaml(block!) });
    const listed = JSON.parse((await server.inject('/admin/identities')).payload) as { traits: { email: string } }[];
    expect(listed.map((identity) => identity.traits.email)).to.deep.equal(['alice@example.com']);
    expect((server.app as any).mock.config.cors.enabled).to.equal(true);
  });

  it('the shipped example config is valid', async () => {
    const server = await init({ configFile: 'mock/config.example.yaml' });
    const config = (server.app as any).mock.config;
    expect(config.ui.settings).to.equal('http://localhost:3000/settings');
    expect(config.privilegedMaxAgeMs).to.equal(15 * 60 * 1000);
  });

  it('CLI-level lifespans override the file', () => {
    const config = resolveConfig({ flow_lifespan: '1h' }, { flowLifespanMs: 2000, privilegedMaxAgeMs: 3000 });
    expect(config.flowLifespanMs).to.equal(2000);
    expect(config.privilegedMaxAgeMs).to.equal(3000);
  });

  it('an invalid identity schema fails at start, not at the first request', async () => {
    const error = await startError({
      config: {
        identity_schema: { type: 'object', properties: { traits: { type: 'object', properties: { a: { type: 'no-such-type' } } } } },
      },
    });
    expect(error.message).to.match(/identity_schema/);
  });
});
