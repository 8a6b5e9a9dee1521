/** What every sample's `main()` resolves to: whether it did what it shows, and one line saying what happened. */
export interface Summary {
  readonly sample: string;
  readonly ok: boolean;
  readonly line: string;
}

/** A summary that is ok when every check holds; the line names the first failed check. */
export function summarize(sample: string, line: string, checks: Record<string, boolean>): Summary {
  const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
  return { sample, ok: failed.length === 0, line: failed.length === 0 ? line : `${line} — FAILED: ${failed.join(', ')}` };
}
