/** Fetches one of the flows as the current identity, with one of the client kinds. */
import fc from 'fast-check';
import { expectFetch, type ClientProfile } from '../../oracle.js';
import { aalSituation, describeFlow, flowAt, flowSituation, type Model, type ModelCommand, type Real } from '../model.js';
import { credentialsFor, record, refreshFromAnswer } from '../real.js';

export class FetchFlowCommand implements ModelCommand {
  private actedOn: string | undefined;
  constructor(
    readonly index: number,
    readonly client: ClientProfile,
  ) {}
  check = (model: Readonly<Model>) => model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const flow = flowAt(model, this.index);
    if (!flow) return;
    this.actedOn = describeFlow(flow, model.current);
    const situation = flowSituation(real, model, flow, 'fetch');
    const session = aalSituation(real, model, flow.type);
    const credentials = credentialsFor(real, model.current, flow.type);
    const checked =
      situation === undefined
        ? {}
        : {
            expectation: expectFetch({ session, client: this.client, flow: situation }),
            ...(situation === 'own' && session === 'valid' ? { flowId: flow.id } : {}),
          };
    const { answer } = await record(
      real,
      'getSettingsFlow',
      {
        method: 'GET',
        url: `/self-service/settings/flows?id=${flow.id}`,
        ...credentials,
        headers: { ...credentials.headers, ...(this.client.accept ? { accept: this.client.accept } : {}) },
      },
      checked,
    );
    if (answer.status === 200) refreshFromAnswer(flow, answer.json);
  }
  toString = () => `FetchFlow(${this.actedOn ?? `flow #${this.index}`}, ${this.client.label})`;
  [fc.cloneMethod] = () => new FetchFlowCommand(this.index, this.client);
}
