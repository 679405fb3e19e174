/** Creates a flow of the given type as the current identity. */
import fc from 'fast-check';
import { JSON_CLIENT } from '../../arbitraries.js';
import { expectBrowserInit, expectNativeInit, type FlowType } from '../../oracle.js';
import { csrfTokenOf, flowIdOf, totpSecretOf } from '../../sessions.js';
import { aalSituation, type Model, type ModelCommand, type Real } from '../model.js';
import { credentialsFor, record } from '../real.js';

export class InitFlowCommand implements ModelCommand {
  private actedOn: string | undefined;
  constructor(readonly type: FlowType) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const actor = model.current;
    const situation = { session: aalSituation(real, model, this.type), client: JSON_CLIENT, returnTo: 'none' as const };
    const browser = this.type === 'browser';
    const credentials = credentialsFor(real, actor, this.type);
    this.actedOn = `${this.type}, identity ${actor.toUpperCase()}`;
    const { answer } = await record(
      real,
      browser ? 'createBrowserSettingsFlow' : 'createNativeSettingsFlow',
      {
        method: 'GET',
        url: `/self-service/settings/${browser ? 'browser' : 'api'}`,
        ...credentials,
        headers: { ...credentials.headers, accept: 'application/json' },
      },
      { expectation: browser ? expectBrowserInit(situation) : expectNativeInit(situation) },
    );
    const id = flowIdOf(answer.json);
    if (answer.status !== 200 || id === undefined) return;
    const flow = {
      id,
      type: this.type,
      owner: actor,
      createdAt: Date.now(),
      csrfToken: csrfTokenOf(answer.json),
      generation: real.generations[actor],
      totpSecret: totpSecretOf(answer.json),
      lookupCodes: 'none' as const,
    };
    model.flows.push(flow);
    this.actedOn = `identity ${actor.toUpperCase()}: ${this.type} flow ${id.slice(0, 8)}…`;
  }
  toString = () => `InitFlow(${this.actedOn ?? this.type})`;
  [fc.cloneMethod] = () => new InitFlowCommand(this.type);
}
