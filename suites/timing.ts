/** Waiting on the target's clock: margins on its lifespans, waits as people read them, interruptible sleeps. */

/** A margin on the target's lifespans: its clock and ours tick apart, and requests take time (seconds at most). */
export function safetyMargin(durationMs: number): number {
  return Math.max(250, Math.min(Math.round(durationMs * 0.1), 6_000));
}

/** A wait as people read it: `1h 0m 6s`, `15m 6s`, `2.3s`. */
export function spelledDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const seconds = Math.ceil(ms / 1000);
  const [hours, minutes, rest] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : `${minutes}m ${rest}s`;
}

/** Waits, but no longer than until the run is interrupted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
