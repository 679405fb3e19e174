/** Logs the current identity in again: new sessions (AAL1, a new anti-CSRF cookie), the same flows. */
import fc from 'fast-check';
import type { Actor, Model, ModelCommand, Real } from '../model.js';

export class ReauthenticateCommand implements ModelCommand {
  private actor: Actor | undefined;
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const actor = model.current;
    this.actor = actor;
    const session = await real.context.provisioner.login(real.sessions[actor].identity, true);
    real.sessions[actor] = session;
    real.jars[actor] = session.jar;
    real.generations[actor] += 1;
    model.factors[actor].aal2 = { cookie: false, token: false };
  }
  toString = () => (this.actor === undefined ? 'Reauthenticate' : `Reauthenticate(identity ${this.actor.toUpperCase()})`);
  [fc.cloneMethod] = () => new ReauthenticateCommand();
}
