import type { ElicitationProgress, EpisodeProgress, Reporter, RunStartInfo } from '../core/events.js';
import type { CallNotice } from '../core/model-call.js';
import type { CliContext } from './cli-context.js';

interface AgentLine {
  phase: 'waiting' | 'eliciting' | 'episodes' | 'done';
  elicitation?: Readonly<ElicitationProgress>;
  episodes?: Readonly<EpisodeProgress>;
  retries: number;
  rateLimits: number;
  startedAt: number;
}

/** Progress of a run on stderr: a live block of one line per agent on a terminal, plain lines at every tenth otherwise. */
export class RunProgressPrinter implements Reporter {
  private readonly lines = new Map<string, AgentLine>();
  private readonly tty: boolean;
  private drawn = 0;
  private lastDraw = 0;
  private readonly deciles = new Map<string, number>();

  constructor(
    private readonly context: CliContext,
    options: { plain?: boolean } = {},
  ) {
    this.tty = context.stderr.isTTY === true && !options.plain && !context.env.NO_TTY;
  }

  onRunStart(info: Readonly<RunStartInfo>): void {
    for (const agent of info.agents) this.lines.set(agent, { phase: 'waiting', retries: 0, rateLimits: 0, startedAt: Date.now() });
    this.context.stderr.write(`Running suite ${info.suite} for ${info.agents.join(', ')} into ${info.runDir}\n`);
  }

  onElicitationStart(progress: Readonly<ElicitationProgress>): void {
    this.update(progress.agent, { phase: 'eliciting', elicitation: { ...progress }, startedAt: Date.now() });
  }

  onComparison(_: unknown, progress: Readonly<ElicitationProgress>): void {
    this.update(progress.agent, { elicitation: { ...progress } });
  }

  onEpisodesStart(progress: Readonly<EpisodeProgress>): void {
    this.update(progress.agent, { phase: 'episodes', episodes: { ...progress }, startedAt: Date.now() });
  }

  onEpisodeEnd(_: unknown, progress?: Readonly<EpisodeProgress>): void {
    if (progress) this.update(progress.agent, { episodes: { ...progress }, ...(progress.done >= progress.planned ? { phase: 'done' as const } : {}) });
  }

  onCallNotice(notice: Readonly<CallNotice>): void {
    const line = this.lines.get(notice.agent);
    if (!line) return;
    if (notice.type === 'retry') line.retries += 1;
    else line.rateLimits += 1;
    this.draw(false);
  }

  /** Leaves the live block in place and moves below it. */
  close(): void {
    if (this.tty) this.draw(true);
  }

  private update(agent: string, patch: Partial<AgentLine>): void {
    const line = this.lines.get(agent) ?? { phase: 'waiting', retries: 0, rateLimits: 0, startedAt: Date.now() };
    Object.assign(line, patch);
    this.lines.set(agent, line);
    if (!this.tty) {
      const fraction = this.fraction(line);
      const key = `${agent}:${line.phase}`;
      const decile = Math.floor(fraction * 10);
      if ((this.deciles.get(key) ?? -1) < decile) {
        this.deciles.set(key, decile);
        this.context.stderr.write(`${this.describe(agent, line)}\n`);
      }
      return;
    }
    this.draw(false);
  }

  private fraction(line: AgentLine): number {
    const p = line.phase === 'eliciting' ? line.elicitation : line.episodes;
    if (!p) return 0;
    return p.planned > 0 ? p.done / p.planned : 1;
  }

  private describe(agent: string, line: AgentLine): string {
    const notes = [line.retries ? `${line.retries} retries` : '', line.rateLimits ? `${line.rateLimits} rate-limit waits` : ''].filter(Boolean).join(', ');
    const tail = notes ? `, ${notes}` : '';
    if (line.phase === 'eliciting' && line.elicitation) {
      const e = line.elicitation;
      return `  ${agent}: eliciting ${e.done}/${e.planned} comparisons${e.failed ? `, ${e.failed} failed` : ''}${tail}`;
    }
    if ((line.phase === 'episodes' || line.phase === 'done') && line.episodes) {
      const e = line.episodes;
      const seconds = (Date.now() - line.startedAt) / 1000;
      const rate = seconds > 0 ? e.steps / seconds : 0;
      const left = e.planned - e.done;
      const perEpisode = e.done - e.reused > 0 ? seconds / (e.done - e.reused) : 0;
      const eta = left > 0 && perEpisode > 0 ? `, ETA ${Math.ceil(left * perEpisode)} s` : '';
      return `  ${agent}: episodes ${e.done}/${e.planned}, ${e.steps} steps (${Math.round(rate)}/s)${e.errors ? `, ${e.errors} errors` : ''}${eta}${tail}`;
    }
    return `  ${agent}: waiting`;
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const text = [...this.lines.entries()].map(([agent, line]) => this.describe(agent, line));
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.context.stderr.write(`${up}${text.map((t) => `\r\x1b[2K${t}`).join('\n')}\n`);
    this.drawn = text.length;
  }
}
