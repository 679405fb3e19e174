import { expect } from 'chai';
import type { RecordedRequest } from '../../reporters/report.js';
import { FILTERED, presentableExchange, renderCurl } from '../../suites/curl.js';

const request: RecordedRequest = {
  method: 'POST',
  url: 'http://127.0.0.1:4433/self-service/settings?flow=abc',
  headers: {
    accept: 'application/json',
    'content-type': 'application/json',
    cookie: 'ory_kratos_session=secret-cookie',
    'x-session-token': 'secret-token',
    'content-length': '60',
  },
  body: JSON.stringify({
    method: 'password',
    password: 'hunter2-secret',
    csrf_token: 'csrf-secret',
    traits: { email: "it's@example.org" },
  }),
};

describe('curl rendering', () => {
  it('filters cookies, session tokens, passwords and CSRF tokens', () => {
    const curl = renderCurl(request, false);
    for (const secret of ['secret-cookie', 'secret-token', 'hunter2-secret', 'csrf-secret']) expect(curl).not.to.include(secret);
    expect(curl).to.include(`-H 'cookie: ${FILTERED}'`);
    expect(curl).to.include(`-H 'x-session-token: ${FILTERED}'`);
    expect(curl).to.include(`"password":"${FILTERED}"`);
  });

  it('shows secrets with showSecrets and repeats method, URL, headers and body', () => {
    const curl = renderCurl(request, true);
    expect(curl).to.match(/^curl -i -X POST 'http:\/\/127\.0\.0\.1:4433\/self-service\/settings\?flow=abc'/);
    expect(curl).to.include("-H 'x-session-token: secret-token'");
    expect(curl).to.include('hunter2-secret');
    expect(curl).not.to.include('content-length');
  });

  it('quotes single quotes for the shell', () => {
    expect(renderCurl(request, true)).to.include(`it'\\''s@example.org`);
  });

  it('filters form bodies too', () => {
    const form: RecordedRequest = {
      ...request,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=password&password=hunter2-secret&csrf_token=csrf-secret',
    };
    expect(renderCurl(form, false)).to.include(`--data-raw 'method=password&password=${FILTERED}&csrf_token=${FILTERED}'`);
  });

  it('filters an exchange for the report: request secrets, Set-Cookie and session_token in the response', () => {
    const exchange = presentableExchange(
      {
        request,
        response: {
          status: 200,
          headers: { 'set-cookie': ['ory_kratos_session=abc'], 'content-type': 'application/json' },
          body: '{"session_token":"tok-secret"}',
        },
        durationMs: 1,
      },
      false,
    );
    expect(JSON.stringify(exchange)).not.to.match(/secret-cookie|secret-token|tok-secret|ory_kratos_session=abc/);
  });
});
