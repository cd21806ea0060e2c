import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EpisodeEvent } from '../../src/core/schemas/episode-events.js';
import { EpisodeLog, readEpisodeBlock } from '../../src/simulator/episode-log.js';

const dir = mkdtempSync(join(tmpdir(), 'saydo-episode-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal block: start, one turn, end (the log reads only type, episode and status). */
function block(episode: string, status = 'ended'): EpisodeEvent[] {
  return [
    { type: 'episode-start', v: 1, episode } as unknown as EpisodeEvent,
    { type: 'turn', v: 1, episode, turn: 0, text: 'x'.repeat(40) } as unknown as EpisodeEvent,
    { type: 'episode-end', v: 1, episode, status } as unknown as EpisodeEvent,
  ];
}

describe('EpisodeLog', () => {
  it('indexes complete blocks, lists torn and stray lines, and canonicalizes to the given order', () => {
    const path = join(dir, 'plain.jsonl');
    const log = new EpisodeLog(path);
    log.append(block('e2'));
    log.append(block('e1', 'error'));
    log.append(block('e1'));
    const { blocks, problems } = log.index();
    expect([...blocks.keys()]).toEqual(['e2', 'e1']);
    expect(blocks.get('e1')?.status).toBe('ended');
    expect(problems).toEqual([]);
    expect(readEpisodeBlock(path, blocks.get('e2') as { offset: number; length: number }).map((e) => e.type)).toEqual(['episode-start', 'turn', 'episode-end']);
    log.canonicalize(['e1', 'e2', 'e3']);
    expect(readFileSync(path, 'utf8')).toBe([...block('e1'), ...block('e2')].map((e) => `${JSON.stringify(e)}\n`).join(''));
  });

  it('an episode appended after a block torn by a kill is kept: the torn line stays a line of its own', () => {
    const path = join(dir, 'torn.jsonl');
    const log = new EpisodeLog(path);
    log.append(block('e1'));
    log.append(block('e2'));
    // A kill in the middle of writing e2's block leaves half a line and no newline.
    const size = readFileSync(path).length;
    truncateSync(path, size - 30);
    const resumed = new EpisodeLog(path);
    expect([...resumed.index().blocks.keys()]).toEqual(['e1']);
    resumed.append(block('e2'));
    resumed.append(block('e3'));
    const { blocks, problems } = resumed.index();
    expect([...blocks.keys()]).toEqual(['e1', 'e2', 'e3']);
    // The torn end line of the first e2 is the only problem; the open block it belonged to is dropped with it.
    expect(problems).toEqual([{ line: 6, reason: 'not JSON (a line torn by an interruption)' }]);
    resumed.canonicalize(['e1', 'e2', 'e3']);
    expect(readFileSync(path, 'utf8')).toBe([...block('e1'), ...block('e2'), ...block('e3')].map((e) => `${JSON.stringify(e)}\n`).join(''));
  });

  it('a log that is only a torn line gets a fresh line for the next block', () => {
    const path = join(dir, 'only-torn.jsonl');
    writeFileSync(path, '{"type":"episode-start","v":1,"epi');
    const log = new EpisodeLog(path);
    log.append(block('e1'));
    expect([...log.index().blocks.keys()]).toEqual(['e1']);
  });
});
