/** Submits a profile or password change, valid or invalid, to one of the flows as the current identity. */
import fc from 'fast-check';
import { JSON_CLIENT } from '../../arbitraries.js';
import type { Encoding } from '../../oracle.js';
import { expectSubmit } from '../../submit-oracle.js';
import {
  csrfSituationOf,
  describeFlow,
  flowAt,
  flowSituation,
  sessionSituation,
  type Model,
  type ModelCommand,
  type Real,
} from '../model.js';
import { submitToFlow } from '../real.js';

export class SubmitFlowCommand implements ModelCommand {
  private actedOn: string | undefined;
  constructor(
    readonly index: number,
    readonly method: 'profile' | 'password',
    readonly input: 'valid' | 'invalid',
    readonly encoding: Encoding,
  ) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const flow = flowAt(model, this.index);
    if (!flow) return;
    const actor = model.current;
    this.actedOn = describeFlow(flow, actor);
    const session = real.sessions[actor];
    const { target } = real.context;
    const flowSituationNow = flowSituation(real, model, flow, 'submit');
    const privilege = sessionSituation(real, model, flow.type);
    const password = `Model-${real.context.seed.toString(36)}-${actor}${real.observations.length}-Zq8!`;
    const invalidTraits = target.traitMaker.invalid(
      session.identity.traits,
      `${actor}${real.observations.length}`,
      this.encoding === 'form',
    )?.traits;
    // A schema nothing can break leaves only valid profile submits.
    const input = this.method === 'profile' && invalidTraits === undefined ? 'valid' : this.input;
    const body: Record<string, unknown> =
      this.method === 'profile'
        ? { method: 'profile', traits: input === 'invalid' ? invalidTraits : session.identity.traits }
        : { method: 'password', password: this.input === 'valid' ? password : 'ab1' };
    const expectation =
      flowSituationNow === undefined || privilege === undefined
        ? undefined
        : expectSubmit({
            session: privilege,
            client: JSON_CLIENT,
            flow: flowSituationNow,
            flowType: flow.type,
            transport: flow.type === 'browser' ? 'cookie' : 'token',
            method: this.method,
            input,
            csrf: csrfSituationOf(real, actor, flow),
            encoding: this.encoding,
            touchesIdentifier: false,
          });
    const { answer } = await submitToFlow(real, actor, flow, body, this.encoding, expectation ? { expectation } : {});
    if (this.method === 'password' && this.input === 'valid' && answer.status === 200) session.identity.password = password;
  }
  toString = () => `SubmitFlow(${this.actedOn ?? `flow #${this.index}`}, ${this.method}, ${this.input}, ${this.encoding})`;
  [fc.cloneMethod] = () => new SubmitFlowCommand(this.index, this.method, this.input, this.encoding);
}
