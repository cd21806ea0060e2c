/** What one benchmark reports: its figures, the baseline it is held to, and whether it met it. */
export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
  baseline: string;
  pass: boolean;
}
