import { expect } from 'chai';
import { FILTERED } from '../../suites/curl.js';
import { Secrets, parseHeaderLine } from '../../suites/secrets.js';

describe('secrets redaction', () => {
  it('filters header values, the key of a bearer header and URL userinfo from any string of a report', () => {
    const secrets = new Secrets();
    secrets.addHeaderValue('Bearer adm-key-123');
    secrets.addHeaderValue('gw-key-456');
    secrets.addUserinfo('https://user:p%40ss-word@host.example/auth');
    const report = {
      target: 'https://user:p%40ss-word@host.example/auth',
      failures: [{ curl: "curl -H 'x-gateway: gw-key-456' -H 'authorization: Bearer adm-key-123'" }],
      note: 'decoded p@ss-word',
    };
    const redacted = secrets.redactDeep(report);
    expect(JSON.stringify(redacted)).not.to.match(/adm-key-123|gw-key-456|p%40ss-word|p@ss-word/);
    expect(redacted.target).to.equal(`https://${FILTERED}@host.example/auth`);
  });

  it('learns cookies, session tokens and passwords from exchanges', () => {
    const secrets = new Secrets();
    secrets.collectFrom({
      request: {
        method: 'POST',
        url: '/x',
        headers: { cookie: 'ory_session_a=cookie-value-1', 'x-session-token': 'token-value-2', 'content-type': 'application/json' },
        body: '{"password":"password-value-3"}',
      },
      response: {
        status: 200,
        headers: { 'set-cookie': ['csrf_token_1=cookie-value-4; Path=/'] },
        body: '{"session_token":"token-value-5"}',
      },
      durationMs: 1,
    });
    const text = 'cookie-value-1 token-value-2 password-value-3 cookie-value-4 token-value-5';
    expect(secrets.redact(text)).to.equal(Array(5).fill(FILTERED).join(' '));
  });

  it('leaves short values alone, so ordinary text and JSON stay readable', () => {
    const secrets = new Secrets();
    secrets.add('ab1');
    secrets.collectFrom({
      request: {
        method: 'POST',
        url: '/x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'lookup_secret_reveal=true&totp_code=123456',
      },
      response: { status: 200, headers: {} },
      durationMs: 1,
    });
    expect(secrets.redact('ab1 is shown: {"required":true,"id":1234567}')).to.equal('ab1 is shown: {"required":true,"id":1234567}');
  });

  it('parses "Name: value" header lines and refuses malformed ones', () => {
    expect(parseHeaderLine('X-Api-Key: a: b')).to.deep.equal({ name: 'X-Api-Key', value: 'a: b' });
    expect(parseHeaderLine('no colon')).to.equal(undefined);
    expect(parseHeaderLine('bad name: x')).to.equal(undefined);
  });
});
