/** Which combinations of situation the run exercised, and how often: the report lists them. */
export class Coverage {
  private readonly counts = new Map<string, number>();

  /** Records one case of a combination, e.g. `submit · totp · browser flow · invalid · JSON client`. */
  note(...parts: readonly string[]): void {
    const combination = parts.join(' · ');
    this.counts.set(combination, (this.counts.get(combination) ?? 0) + 1);
  }

  list(): Array<{ combination: string; cases: number }> {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([combination, cases]) => ({ combination, cases }));
  }
}
