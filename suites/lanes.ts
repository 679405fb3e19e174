/**
 * The run's lanes: at most `capacity` case runs (one call of a property's body) are in flight at once. Waiting runs
 * are served in turn per property, so a property with a few runs one after another (the model run) is not held up
 * behind one with dozens queued ahead; the property with the most runs takes the lanes the others leave free.
 */
export class Lanes {
  private running = 0;
  /** Waiting runs per property; the first property in the map has the next turn. */
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(readonly capacity: number) {}

  async run<T>(owner: string, task: () => Promise<T>): Promise<T> {
    if (this.running >= this.capacity) await new Promise<void>((resolve) => this.enqueue(owner, resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private enqueue(owner: string, start: () => void): void {
    const queue = this.queues.get(owner);
    if (queue) queue.push(start);
    else this.queues.set(owner, [start]);
  }

  /** Hands the freed lane to the property whose turn it is (the lane stays taken); that property goes last in line. */
  private release(): void {
    const [owner, queue] = this.queues.entries().next().value ?? [];
    if (owner === undefined || queue === undefined) {
      this.running -= 1;
      return;
    }
    const next = queue.shift();
    this.queues.delete(owner);
    if (queue.length > 0) this.queues.set(owner, queue);
    next?.();
  }
}
