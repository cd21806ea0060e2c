import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelReply } from '../core/model-call.js';

/** A cached model answer, with the latency of the call that produced it, so cached reruns are byte-identical. */
export interface CachedAnswer {
  reply: ModelReply;
  latencyMs: number;
  attempts: number;
}

/** Model answers on disk, keyed on a hash of the full request; one small JSON file per answer. */
export class ResponseCache {
  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached answer for a request key, if any (a torn file counts as a miss). */
  get(key: string): CachedAnswer | undefined {
    try {
      return JSON.parse(readFileSync(this.pathOf(key), 'utf8')) as CachedAnswer;
    } catch {
      return undefined;
    }
  }

  /** Stores an answer atomically (write then rename). */
  set(key: string, answer: CachedAnswer): void {
    const path = this.pathOf(key);
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(answer));
    renameSync(tmp, path);
  }
}
