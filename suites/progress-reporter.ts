/** A silent in-process mocha reporter: turns test events into ProgressListener events, prints nothing. */
import Mocha from 'mocha';
import type { ProgressListener } from '../reporters/report.js';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

export function progressReporter(listener: ProgressListener | undefined, total: number): typeof Mocha.reporters.Base {
  return class ProgressReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      let done = 0;
      const emit = (test: Mocha.Test, outcome: 'passed' | 'failed' | 'skipped') => {
        done += 1;
        listener?.({ done, total, title: test.title, outcome });
      };
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => emit(test, 'passed'));
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Test) => emit(test, 'failed'));
      runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => emit(test, 'skipped'));
    }
  };
}
