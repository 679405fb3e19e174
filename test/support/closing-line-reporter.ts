import Mocha from 'mocha';

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

/** The spec reporter, ending with the plain `N passed, N failed, N skipped` line that CI reads. */
export default class ClosingLineReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      // Spec's constructor registered its epilogue on this event first, so this line comes last.
      console.log(`${passes} passed, ${failures} failed, ${pending} skipped`);
    });
  }
}
