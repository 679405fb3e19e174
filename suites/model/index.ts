/**
 * The model-based run (fc.commands + fc.asyncModelRun): two identities create browser and API flows, fetch and
 * submit them (profile, password, and TOTP and lookup codes where offered), let time pass, re-authenticate and switch
 * places; every step is checked against what the model expects, including the AAL2 demand a second factor brings.
 * Steps whose outcome hinges on a clock edge (a flow about to expire) are checked only generically.
 */
import fc from 'fast-check';
import { defineProperty } from '../properties/define.js';
import { modelCommands } from './commands.js';
import { InitFlowCommand } from './commands/InitFlowCommand.js';
import { noFactors, type Model, type ModelCommand, type Real } from './model.js';

/** A model run costs a few seconds (two identities, up to one wait), so it runs `runs / 8` times. */
const MODEL_RUNS_DIVISOR = 8;

export const MODEL_RUN = defineProperty<Iterable<ModelCommand>, object>({
  title: 'SF-MODEL: sequences of init, fetch, submit, expiry, re-authentication and identity switches behave as the model expects',
  given: () => ({}),
  inputs: (context) => modelCommands(context),
  numRuns: (context) => Math.max(1, Math.ceil(context.runs / MODEL_RUNS_DIVISOR)),
  sequential: true,
  async check(context, sequence) {
    const a = await context.provisioner.freshSession('model-a', true);
    const b = await context.provisioner.freshSession('model-b', true);
    const real: Real = { context, sessions: { a, b }, generations: { a: 0, b: 0 }, jars: { a: a.jar, b: b.jar }, observations: [] };
    const model: Model = { current: 'a', flows: [], waited: false, factors: { a: noFactors(), b: noFactors() } };
    // Every sequence starts with one flow of each type, so fetches and submits have something to work on.
    await new InitFlowCommand('api').run(model, real);
    await new InitFlowCommand('browser').run(model, real);
    await fc.asyncModelRun(() => ({ model, real }), sequence);
    context.coverage?.note('model', `${[...sequence].length} commands`);
    return real.observations;
  },
});
