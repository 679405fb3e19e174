/** Waiting on the target's clock: margins on its lifespans, waits as people read them, interruptible sleeps. */

/** A margin on the target's lifespans: its clock and ours tick apart, and requests take time (seconds at most). */
export function safetyMargin(durationMs: number): number {
  return Math.max(250, Math.min(Math.round(durationMs * 0.1), 6_000));
}

/** A wait as people read it: `1h 6s`, `15m 6s`, `2h 30m`, `2.3s` (parts that are zero left out). */
export function spelledDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const seconds = Math.ceil(ms / 1000);
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  return parts
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount}${unit}`)
    .join(' ');
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
