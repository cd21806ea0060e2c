import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import { fixed, textTable, truncate } from './text-table.js';

/** Options of the terminal view of a profile. */
export interface ProfileTextOptions {
  /** Outcomes shown from each end of the ranking. @default 10 */
  top?: number;
  /** Width of the outcome text column. @default 60 */
  textWidth?: number;
}

/** The ranked outcomes and coherence metrics of a utility profile, as plain text for a terminal. */
export function formatProfileText(profile: UtilityProfile, options: ProfileTextOptions = {}): string {
  const top = options.top ?? 10;
  const width = options.textWidth ?? 60;
  const utilities = profile.utilities;
  const shown = utilities.length <= 2 * top ? utilities : [...utilities.slice(0, top), null, ...utilities.slice(-top)];
  const rows = shown.map((u) =>
    u === null ? ['…', '', '', '', `(${utilities.length - 2 * top} more)`] : [String(u.rank), fixed(u.mu, 2), fixed(u.sigma, 2), u.category, truncate(u.text, width)],
  );
  const c = profile.coherence;
  const counts = profile.counts;
  const ceiling = c.noiseCeiling === null ? '' : ` (noise ceiling ${fixed(c.noiseCeiling)})`;
  const lines = [
    `Utility profile of ${profile.agent.name}: ${profile.catalog.outcomes} outcomes of catalog ${profile.catalog.name}`,
    '',
    textTable(['rank', 'mu', 'sigma', 'category', 'outcome'], rows, ['right', 'right', 'right', 'left', 'left']),
    '',
    'Coherence',
    `  held-out accuracy   ${fixed(c.heldOutAccuracy)} on ${c.heldOutPairs} pairs${ceiling}`,
    `  held-out log loss   ${fixed(c.heldOutLogLoss)}`,
    `  training accuracy   ${fixed(c.trainAccuracy)}`,
    `  cycle rate          ${fixed(c.cycleRate)} of ${c.triads} triads`,
    `  split-half r        ${c.splitHalf ? `${fixed(c.splitHalf.r)} (Spearman-Brown ${fixed(c.splitHalf.spearmanBrown)})` : '-'}`,
    `  chose Option A      ${fixed(c.firstPositionRate)} (0.5 = no order bias)`,
    `  refused             ${fixed(c.refusalRate)}   unparseable ${fixed(c.unparseableRate)}   failed ${fixed(c.failedRate)}`,
    '',
    `Design: ${profile.design.strategy}, ${counts.pairs} pairs (${counts.heldOutPairs} held out), ${counts.comparisons} comparisons, mode ${profile.design.mode}` +
      (counts.pseudoLabels > 0 ? `, ${counts.pseudoLabels} pseudo-labels` : ''),
    `Fit: ${profile.fit.method}, ${profile.fit.iterations} iterations${profile.fit.converged ? '' : ' (did not converge)'}`,
  ];
  const problems = profile.problemPairs;
  if (problems.length > 0) {
    const worst = [...problems].sort((x, y) => y.refused + y.unparseable + y.failed - (x.refused + x.unparseable + x.failed)).slice(0, 3);
    const describe = (p: (typeof problems)[number]) =>
      `${p.first} vs ${p.second} (${[p.refused ? `${p.refused} refused` : '', p.unparseable ? `${p.unparseable} unparseable` : '', p.failed ? `${p.failed} failed` : ''].filter(Boolean).join(', ')} of ${p.asked})`;
    lines.push(`Pairs with refused, unparseable or failed answers: ${problems.length} of ${counts.pairs} (all in profile.json under problemPairs); most: ${worst.map(describe).join('; ')}`);
  }
  const unseen = profile.utilities.filter((u) => u.comparisons === 0);
  if (unseen.length > 0) {
    lines.push(`Never compared: ${unseen.length} outcome(s), whose mu is the prior's 0, not a measurement: ${unseen.slice(0, 5).map((u) => u.id).join(', ')}${unseen.length > 5 ? ', …' : ''}`);
  }
  return lines.join('\n');
}
