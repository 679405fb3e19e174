/** The commands a model run draws from: every command the target can take, each with its drawn parameters. */
import fc from 'fast-check';
import { clientArbitrary, encodingArbitrary, flowTypeArbitrary } from '../arbitraries.js';
import type { CaseContext } from '../harness.js';
import { safetyMargin } from '../timing.js';
import { FetchFlowCommand } from './commands/FetchFlowCommand.js';
import { InitFlowCommand } from './commands/InitFlowCommand.js';
import { LetFlowsExpireCommand } from './commands/LetFlowsExpireCommand.js';
import { ReauthenticateCommand } from './commands/ReauthenticateCommand.js';
import { SubmitFlowCommand } from './commands/SubmitFlowCommand.js';
import { SubmitSecondFactorCommand, type SecondFactorAction } from './commands/SubmitSecondFactorCommand.js';
import { SwitchIdentityCommand } from './commands/SwitchIdentityCommand.js';
import type { ModelCommand } from './model.js';

/** Waiting is only cheap when flows live a few seconds (the default run against the embedded mock). */
const CHEAP_WAIT_MS = 3000;

/** Commands address flows by a drawn index, taken modulo the flows there are when they run. */
const flowIndexArbitrary = fc.nat(7);

/**
 * The second-factor actions the target offers. The model assumes settings ask AAL1 sessions of identities with a
 * second factor for AAL2; without the provisioned AAL2 fixture that is not known, so these actions are left out.
 */
function secondFactorActions(context: CaseContext): Array<readonly SecondFactorAction[]> {
  const { target, provisioner } = context;
  // A second factor set up on a handed-over identity would change every later session of it.
  if (target.mfa === undefined || provisioner.handedOver) return [];
  return [
    ...(target.methods.has('totp') ? [['totp-setup', 'totp-unlink'] as const] : []),
    ...(target.methods.has('lookup_secret') ? [['lookup-regenerate', 'lookup-reveal', 'lookup-confirm'] as const] : []),
  ];
}

/** Sequences of up to ten commands; a replay draws the recorded command choices (fast-check's replayPath). */
export function modelCommands(context: CaseContext): fc.Arbitrary<Iterable<ModelCommand>> {
  const lifespan = context.provisioner.options.flowLifespanMs;
  const canWait = lifespan + safetyMargin(lifespan) <= Math.min(CHEAP_WAIT_MS, context.provisioner.options.maxWaitMs);
  const commands: Array<fc.Arbitrary<ModelCommand>> = [
    flowTypeArbitrary.map((type) => new InitFlowCommand(type)),
    fc.tuple(flowIndexArbitrary, clientArbitrary).map(([index, client]) => new FetchFlowCommand(index, client)),
    fc
      .tuple(
        flowIndexArbitrary,
        fc.constantFrom<'profile' | 'password'>('profile', 'password'),
        fc.constantFrom<'valid' | 'invalid'>('valid', 'invalid'),
        encodingArbitrary,
      )
      .map(([index, method, input, encoding]) => new SubmitFlowCommand(index, method, input, encoding)),
    fc.constant(new ReauthenticateCommand()),
    fc.constant(new SwitchIdentityCommand()),
    ...(canWait ? [fc.constant(new LetFlowsExpireCommand())] : []),
  ];
  // One command per offered method, so a sequence often sets a factor up and then uses or removes it.
  for (const actions of secondFactorActions(context)) {
    commands.push(
      fc
        .tuple(flowIndexArbitrary, fc.constantFrom(...actions), encodingArbitrary)
        .map(([index, action, encoding]) => new SubmitSecondFactorCommand(index, action, encoding)),
    );
  }
  // A replay needs the recorded command choices too, or fast-check draws other commands at the same path.
  return fc.commands(commands, { maxCommands: 10, ...(context.replayPath !== undefined ? { replayPath: context.replayPath } : {}) });
}
