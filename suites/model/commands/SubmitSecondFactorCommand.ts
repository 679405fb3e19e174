/**
 * Submits a second-factor action; what the model knows of the identity's factors and the flow decides the expected
 * outcome (docs/kratos-behavior.md#totp, docs/kratos-behavior.md#lookup-secret), and a success updates the model.
 */
import fc from 'fast-check';
import { JSON_CLIENT } from '../../arbitraries.js';
import type { Encoding } from '../../oracle.js';
import { expectSubmit, type SubmitSituation } from '../../submit-oracle.js';
import { totp } from '../../totp.js';
import {
  channelOf,
  csrfSituationOf,
  describeFlow,
  flowAt,
  flowSituation,
  sessionSituation,
  type ActorFactors,
  type Channel,
  type Model,
  type ModelCommand,
  type ModelFlow,
  type Real,
} from '../model.js';
import { submitToFlow } from '../real.js';

export type SecondFactorAction = 'totp-setup' | 'totp-unlink' | 'lookup-regenerate' | 'lookup-reveal' | 'lookup-confirm';

interface Plan {
  body: Record<string, unknown>;
  situation?: Pick<SubmitSituation, 'method' | 'input' | 'lookupSecretAction'>;
}

/** What the action sends, and what the model expects of it (nothing when the model cannot tell). */
function planOf(action: SecondFactorAction, flow: ModelFlow, factors: ActorFactors): Plan {
  switch (action) {
    case 'totp-setup': {
      const code = flow.totpSecret === undefined ? '000000' : totp(flow.totpSecret, Date.now());
      // With TOTP set up any totp submit is a no-op success; without, only the flow's own secret can set it up.
      const known = factors.totp || flow.totpSecret !== undefined;
      return { body: { method: 'totp', totp_code: code }, ...(known ? { situation: { method: 'totp', input: 'valid' } } : {}) };
    }
    case 'totp-unlink':
      // Without TOTP the submit is a setup without totp_code: 4000002.
      return { body: { method: 'totp', totp_unlink: true }, situation: { method: 'totp', input: factors.totp ? 'valid' : 'invalid' } };
    case 'lookup-regenerate':
      return {
        body: { method: 'lookup_secret', lookup_secret_regenerate: true },
        situation: { method: 'lookup_secret', input: 'valid', lookupSecretAction: 'regenerate' },
      };
    case 'lookup-reveal':
      return {
        body: { method: 'lookup_secret', lookup_secret_reveal: true },
        situation: { method: 'lookup_secret', input: factors.lookupCodes ? 'valid' : 'invalid', lookupSecretAction: 'reveal' },
      };
    case 'lookup-confirm': {
      const body = { method: 'lookup_secret', lookup_secret_confirm: true };
      if (flow.lookupCodes === 'confirmed') return { body };
      return {
        body,
        situation: { method: 'lookup_secret', input: flow.lookupCodes === 'pending' ? 'valid' : 'invalid', lookupSecretAction: 'confirm' },
      };
    }
  }
}

/** What a successful action changes in the model. */
function applySuccess(action: SecondFactorAction, flow: ModelFlow, factors: ActorFactors, channel: Channel): void {
  switch (action) {
    case 'totp-setup':
      // Setting TOTP up raises the session that did it to AAL2 (docs/kratos-behavior.md#totp-aal).
      if (!factors.totp) factors.aal2[channel] = true;
      factors.totp = true;
      break;
    case 'totp-unlink':
      factors.totp = false;
      break;
    case 'lookup-regenerate':
      flow.lookupCodes = 'pending';
      break;
    case 'lookup-confirm':
      // Confirming adds the lookup_secret AMR at AAL2 to the session (docs/kratos-behavior.md#lookup-secret).
      factors.aal2[channel] = true;
      factors.lookupCodes = true;
      flow.lookupCodes = 'confirmed';
      break;
    case 'lookup-reveal':
      break;
  }
}

export class SubmitSecondFactorCommand implements ModelCommand {
  private actedOn: string | undefined;
  constructor(
    readonly index: number,
    readonly action: SecondFactorAction,
    readonly encoding: Encoding,
  ) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;

  async run(model: Model, real: Real): Promise<void> {
    const actor = model.current;
    // Codes are confirmed where they were just regenerated, as a person would; any flow otherwise.
    const pending =
      this.action === 'lookup-confirm'
        ? model.flows.find((candidate) => candidate.owner === actor && candidate.lookupCodes === 'pending')
        : undefined;
    const flow = pending ?? flowAt(model, this.index);
    if (!flow) return;
    this.actedOn = describeFlow(flow, actor);
    const factors = model.factors[actor];
    const flowSituationNow = flowSituation(real, model, flow, 'submit');
    const session = sessionSituation(real, model, flow.type);
    const { body, situation } = planOf(this.action, flow, factors);
    const expectation =
      flowSituationNow === undefined || session === undefined || situation === undefined
        ? undefined
        : expectSubmit({
            session,
            client: JSON_CLIENT,
            flow: flowSituationNow,
            flowType: flow.type,
            transport: flow.type === 'browser' ? 'cookie' : 'token',
            csrf: csrfSituationOf(real, actor, flow),
            encoding: this.encoding,
            touchesIdentifier: false,
            ...situation,
          });
    const { answer } = await submitToFlow(real, actor, flow, body, this.encoding, expectation ? { expectation } : {});
    if (answer.status === 200) applySuccess(this.action, flow, factors, channelOf(real, actor, flow.type));
  }
  toString = () => `SubmitSecondFactor(${this.actedOn ?? `flow #${this.index}`}, ${this.action}, ${this.encoding})`;
  [fc.cloneMethod] = () => new SubmitSecondFactorCommand(this.index, this.action, this.encoding);
}
