import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { SaydoError } from '../../core/errors.js';
import { writeJsonFile } from '../../core/files.js';
import { importPairwiseCounts } from '../../elicitation/import-pairwise.js';
import { formatProfileText } from '../../report/profile-text.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Options of `saydo import`. */
export const ImportCommandOptions = z.object({
  pairs: z.string().min(1),
  outcomes: z.string().min(1),
  out: z.string().min(1),
  actor: z.string().optional(),
  domain: z.string().optional(),
  pseudoLabels: z.boolean(),
  force: z.boolean(),
  top: z.coerce.number().int().min(1),
});

/** Registers `saydo import`. */
export function registerImportCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('import')
    .description('turn pairwise counts from an earlier elicitation (CSV) into a utility profile')
    .argument('<pairs.csv>', 'pairwise counts: actor,domain,option_a_id,option_b_id,probability_a,count_a,count_b,total_responses,split')
    .requiredOption('--outcomes <file>', 'outcome texts: a CSV with id,text[,category] or a catalog YAML')
    .requiredOption('--out <dir>', 'folder for profile.json')
    .option('--actor <name>', 'keep only this actor, when the file holds several')
    .option('--domain <name>', 'keep only this domain, when the file holds several')
    .option('--no-pseudo-labels', 'leave out the hard pseudo-label rows (total_responses = 1) and fit on answers alone')
    .option('--force', 'overwrite an existing profile.json', false)
    .option('--top <n>', 'outcomes shown from each end of the ranking', '10')
    .action((pairs: string, raw: Record<string, unknown>) => {
      const options = parseOptions(ImportCommandOptions, { ...raw, pairs });
      // Refused before the fit, which takes a while on a large file.
      const target = join(options.out, 'profile.json');
      if (existsSync(target) && !options.force) {
        throw new SaydoError('E_RUN_MISMATCH', `${target} already exists`, { hint: 'pass --force to overwrite it, or another --out folder' });
      }
      const profile = importPairwiseCounts({
        pairsFile: options.pairs,
        outcomesFile: options.outcomes,
        pseudoLabels: options.pseudoLabels,
        ...(options.actor !== undefined ? { actor: options.actor } : {}),
        ...(options.domain !== undefined ? { domain: options.domain } : {}),
      });
      mkdirSync(options.out, { recursive: true });
      writeJsonFile(target, profile);
      println(context.stdout, formatProfileText(profile, { top: options.top }));
      println(context.stdout);
      println(context.stdout, `Wrote ${target}`);
      done(EXIT.ok);
    });
}
