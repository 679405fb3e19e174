import { expect } from 'chai';
import { COMMANDS, UsageError, helpText, parseCommand } from '../../bin/options.js';

const run = COMMANDS.run!;
const mock = COMMANDS.mock!;

describe('CLI options (README.md "Command reference")', () => {
  it('parses every documented run option into typed values', () => {
    const parsed = parseCommand(run, [
      '--target',
      'http://127.0.0.1:4433/',
      '--admin-url',
      'http://127.0.0.1:4434',
      '--seed',
      '42',
      '--path',
      '3:1',
      '--runs',
      '5',
      '--report-dir',
      'out',
      '--grep',
      'expired',
      '--flow-lifespan',
      '500ms',
      '--privileged-max-age',
      '3s',
      '--max-wait',
      '1h',
      '--timeout',
      '2s',
      '--show-secrets',
    ]);
    expect(parsed.values).to.deep.include({
      target: 'http://127.0.0.1:4433',
      'admin-url': 'http://127.0.0.1:4434',
      seed: 42,
      path: '3:1',
      runs: 5,
      'report-dir': 'out',
      'flow-lifespan': 500,
      'privileged-max-age': 3000,
      'max-wait': 3_600_000,
      timeout: 2000,
      'show-secrets': true,
    });
    expect((parsed.values.grep as RegExp).test('flow expired')).to.equal(true);
  });

  it('collects a repeated --fault', () => {
    const parsed = parseCommand(mock, ['--fault', 'a', '--fault', 'b', '--port', '0']);
    expect(parsed.values.fault).to.deep.equal(['a', 'b']);
    expect(parsed.values.port).to.equal(0);
  });

  const rejected: Array<[string, string[], RegExp]> = [
    ['an unknown option', ['--colour'], /Unknown option '--colour'/],
    ['a duration without a unit', ['--timeout', '5'], /--timeout: "5" is not a duration/],
    ['a negative run count', ['--runs', '0'], /--runs must be between 1 and/],
    ['a seed that is not a number', ['--seed', 'abc'], /--seed takes a whole number, got "abc"/],
    ['a target that is not a URL', ['--target', 'localhost:4433'], /--target takes an (absolute )?http/],
    ['a non-http target', ['--target', 'ftp://example.com'], /--target takes an http or https URL/],
    ['an invalid grep pattern', ['--grep', '(unclosed'], /--grep: "\(unclosed" is not a valid pattern/],
    ['a missing baseline file', ['--baseline', '/nonexistent/baseline.json'], /--baseline: no such file/],
    ['a stray positional argument', ['extra'], /run takes no arguments/],
    ['an option without its value', ['--seed'], /argument missing|--seed/],
  ];
  for (const [what, args, message] of rejected) {
    it(`rejects ${what} with a clear message`, () => {
      expect(() => parseCommand(run, args)).to.throw(UsageError, message);
    });
  }

  it('rejects a port outside 0..65535', () => {
    expect(() => parseCommand(mock, ['--port', '70000'])).to.throw(UsageError, /--port must be between 0 and 65535/);
  });

  it('lists every option in --help', () => {
    for (const command of Object.values(COMMANDS)) {
      const text = helpText(command);
      for (const option of command.options) expect(text).to.contain(`--${option.name}`);
    }
  });
});
