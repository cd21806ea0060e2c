import type { Reporter } from '../core/events.js';
import type { EpisodeEndEvent, EpisodeEvent, EpisodeStartEvent, StepEvent, TurnEvent } from '../core/schemas/episode-events.js';
import type { EpisodeLog } from './episode-log.js';

/**
 * The JSONL writer as a reporter: it collects an episode's events as they are emitted and appends them to the
 * agent's events.jsonl as one block when the episode ends, so an interrupted episode leaves nothing behind.
 */
export class EpisodeLogWriter implements Reporter {
  private readonly open = new Map<string, EpisodeEvent[]>();

  constructor(private readonly log: EpisodeLog) {}

  onEpisodeStart(event: Readonly<EpisodeStartEvent>): void {
    this.open.set(event.episode, [event as EpisodeStartEvent]);
  }

  onTurn(event: Readonly<TurnEvent>): void {
    this.open.get(event.episode)?.push(event as TurnEvent);
  }

  onStep(event: Readonly<StepEvent>): void {
    this.open.get(event.episode)?.push(event as StepEvent);
  }

  onEpisodeEnd(event: Readonly<EpisodeEndEvent>): void {
    const events = this.open.get(event.episode);
    this.open.delete(event.episode);
    if (events) this.log.append([...events, event as EpisodeEndEvent]);
  }

  /** Forgets an episode that was interrupted before its end. */
  discard(episode: string): void {
    this.open.delete(episode);
  }
}
