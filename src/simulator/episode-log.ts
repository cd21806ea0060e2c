import { closeSync, existsSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { endsMidLine } from '../core/jsonl.js';
import type { EpisodeEvent, EpisodeStatus } from '../core/schemas/episode-events.js';

/** Where one complete episode sits in the log. */
export interface Block {
  offset: number;
  length: number;
  status: EpisodeStatus;
}

/** A line of the log that could not be used, and why. */
export interface LogProblem {
  line: number;
  reason: string;
}

/** Calls `visit` with every line of a file and its byte offset, reading in chunks (files of any size). */
export function scanLines(path: string, visit: (text: string, offset: number, line: number) => void): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    let offset = 0;
    let line = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      let data = Buffer.concat([carry, chunk.subarray(0, read)]);
      let start = 0;
      for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, start)) {
        line += 1;
        visit(data.toString('utf8', start, i), offset + start, line);
        start = i + 1;
      }
      offset += start;
      carry = Buffer.from(data.subarray(start));
      data = carry;
    }
    if (carry.length > 0) visit(carry.toString('utf8'), offset, line + 1);
  } finally {
    closeSync(fd);
  }
}

/**
 * events.jsonl of one agent: each finished episode is appended as one block (one write), so a kill leaves at most
 * one torn block at the end. At the end of a run the log is rewritten in canonical episode order.
 */
export class EpisodeLog {
  private tailChecked = false;

  constructor(readonly path: string) {}

  /** The last complete block of every episode, and the lines that belong to no complete block. */
  index(): { blocks: Map<string, Block>; problems: LogProblem[] } {
    const blocks = new Map<string, Block>();
    const problems: LogProblem[] = [];
    let open: { episode: string; offset: number; line: number } | undefined;
    scanLines(this.path, (text, offset, line) => {
      if (text.trim() === '') return;
      // Turn and step lines are most of the log: a cheap shape check instead of parsing them (a torn line has no closing brace).
      if (!text.startsWith('{"type":"episode-')) {
        if (!open) problems.push({ line, reason: 'a line outside any episode' });
        else if (!text.endsWith('}')) {
          problems.push({ line, reason: 'not JSON (a line torn by an interruption)' });
          open = undefined;
        }
        return;
      }
      let event: { type?: string; episode?: string; status?: EpisodeStatus };
      try {
        event = JSON.parse(text) as typeof event;
      } catch {
        problems.push({ line, reason: 'not JSON (a line torn by an interruption)' });
        open = undefined;
        return;
      }
      if (event.type === 'episode-start') {
        if (open) problems.push({ line: open.line, reason: `episode ${open.episode} has no end (interrupted); it is run again` });
        open = { episode: String(event.episode), offset, line };
      } else if (event.type === 'episode-end' && open && event.episode === open.episode) {
        blocks.set(open.episode, { offset: open.offset, length: offset + Buffer.byteLength(text) + 1 - open.offset, status: event.status as EpisodeStatus });
        open = undefined;
      } else if (!open) {
        problems.push({ line, reason: 'a line outside any episode' });
      }
    });
    if (open) problems.push({ line: open.line, reason: `episode ${open.episode} has no end (interrupted); it is run again` });
    return { blocks, problems };
  }

  /** Appends one finished episode as a single write. */
  append(events: readonly EpisodeEvent[]): void {
    const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    // A line torn by a kill has no newline: close it first, or the block's first line would be glued to it and lost.
    const torn = !this.tailChecked && existsSync(this.path) && endsMidLine(this.path);
    this.tailChecked = true;
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, torn ? `\n${text}` : text);
    } finally {
      closeSync(fd);
    }
  }

  /** Rewrites the log with the last complete block of each episode, in the given order; other episodes are left out. */
  canonicalize(order: readonly string[]): void {
    const { blocks, problems } = this.index();
    // Already canonical (one worker finishing in order, nothing torn): leave the file alone.
    const present = order.filter((episode) => blocks.has(episode));
    let end = 0;
    const inOrder = problems.length === 0 && present.every((episode) => {
      const block = blocks.get(episode) as Block;
      const ok = block.offset === end;
      end = block.offset + block.length;
      return ok;
    });
    if (inOrder && existsSync(this.path) && statSync(this.path).size === end) return;
    const tmp = `${this.path}.${process.pid}.tmp`;
    const input = openSync(this.path, 'r');
    const output = openSync(tmp, 'w');
    try {
      for (const episode of order) {
        const block = blocks.get(episode);
        if (!block) continue;
        const buffer = Buffer.alloc(block.length);
        readSync(input, buffer, 0, block.length, block.offset);
        writeSync(output, buffer);
      }
    } finally {
      closeSync(input);
      closeSync(output);
    }
    renameSync(tmp, this.path);
  }
}

/** Reads the events of one episode from its block, without reading the rest of the log. */
export function readEpisodeBlock(path: string, block: Pick<Block, 'offset' | 'length'>): EpisodeEvent[] {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(block.length);
    readSync(fd, buffer, 0, block.length, block.offset);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EpisodeEvent);
  } finally {
    closeSync(fd);
  }
}
