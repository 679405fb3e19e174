/** Waits until the oldest flow has surely expired (once per sequence). */
import { sleep, safetyMargin } from '../../timing.js';
import type { Model, ModelCommand, Real } from '../model.js';

export class LetFlowsExpireCommand implements ModelCommand {
  check = (model: Readonly<Model>) => !model.waited && model.flows.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const lifespan = real.context.provisioner.options.flowLifespanMs;
    model.waited = true;
    // Until the oldest flow has surely expired: the others may or may not have, which the model tells apart.
    const oldest = Math.min(...model.flows.map((flow) => flow.createdAt));
    await sleep(oldest + lifespan + safetyMargin(lifespan) - Date.now(), real.context.signal);
  }
  toString = () => 'LetFlowsExpire';
}
