import type { Command } from 'commander';
import { z } from 'zod';
import { mergeShards } from '../../simulator/merge.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Registers `saydo merge`. */
export function registerMergeCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('merge')
    .description('join the folders of shards 1..N of a run into one run folder, equal to the unsharded run')
    .argument('<shards...>', 'shard folders (the --out of saydo run --shard K/N)')
    .requiredOption('--out <dir>', 'the merged run folder (new or empty)')
    .action((shards: string[], raw: Record<string, unknown>) => {
      const { out } = parseOptions(z.object({ out: z.string().min(1) }), raw);
      const { episodes, manifest } = mergeShards(out, shards);
      println(context.stdout, `Merged ${shards.length} shards of suite ${manifest.suite.name} (${episodes} episodes over ${manifest.agents.length} agent(s)) into ${out}`);
      println(context.stdout, `Its metrics and reports: saydo report ${out}`);
      done(EXIT.ok);
    });
}
