import type { ElicitationProgress, Reporter } from '../core/events.js';
import type { CallNotice } from '../core/model-call.js';
import type { CliContext } from './cli-context.js';

/** Prints progress to stderr: one updating line on a terminal, a plain line every tenth of the work otherwise. */
export class ProgressPrinter implements Reporter {
  private lastDraw = 0;
  private lastDecile = -1;
  private readonly tty: boolean;
  private notices = { retries: 0, rateLimits: 0 };

  constructor(private readonly context: CliContext) {
    this.tty = context.stderr.isTTY === true;
  }

  onElicitationStart(progress: Readonly<ElicitationProgress>): void {
    const resumed = progress.reused > 0 ? `, ${progress.reused} kept from an earlier run` : '';
    this.context.stderr.write(`Eliciting ${progress.agent}: ${progress.planned} comparisons planned${resumed}\n`);
  }

  onComparison(_: unknown, progress: Readonly<ElicitationProgress>): void {
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < 100 && progress.done < progress.planned) return;
      this.lastDraw = now;
      this.context.stderr.write(`\r\x1b[2K${this.line(progress)}`);
      return;
    }
    const decile = Math.floor((10 * progress.done) / Math.max(1, progress.planned));
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      this.context.stderr.write(`${this.line(progress)}\n`);
    }
  }

  onElicitationEnd(progress: Readonly<ElicitationProgress>): void {
    if (this.tty) this.context.stderr.write(`\r\x1b[2K${this.line(progress)}\n`);
  }

  onCallNotice(notice: Readonly<CallNotice>): void {
    if (notice.type === 'retry') this.notices.retries += 1;
    else this.notices.rateLimits += 1;
    if (!this.tty && notice.type === 'rate-limit') {
      this.context.stderr.write(`${notice.agent}: rate limited, waiting ${Math.round(notice.waitMs)} ms (limit now ${notice.limit} in flight)\n`);
    }
  }

  private line(progress: Readonly<ElicitationProgress>): string {
    const pct = progress.planned > 0 ? Math.floor((100 * progress.done) / progress.planned) : 100;
    const extra = [
      progress.failed > 0 ? `${progress.failed} failed` : '',
      this.notices.retries > 0 ? `${this.notices.retries} retries` : '',
      this.notices.rateLimits > 0 ? `${this.notices.rateLimits} rate-limit waits` : '',
    ].filter(Boolean);
    return `  ${progress.agent}: ${progress.done}/${progress.planned} comparisons (${pct}%)${extra.length ? `, ${extra.join(', ')}` : ''}`;
  }
}
