/** The other identity acts from now on. */
import fc from 'fast-check';
import { otherActor, type Actor, type Model, type ModelCommand } from '../model.js';

export class SwitchIdentityCommand implements ModelCommand {
  private to: Actor | undefined;
  check = () => true;
  async run(model: Model): Promise<void> {
    model.current = otherActor(model.current);
    this.to = model.current;
  }
  toString = () => (this.to === undefined ? 'SwitchIdentity' : `SwitchIdentity(to identity ${this.to.toUpperCase()})`);
  [fc.cloneMethod] = () => new SwitchIdentityCommand();
}
