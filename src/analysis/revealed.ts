import { spearman } from '../core/stats/correlation.js';
import { fitThurstonian, type PairCount } from '../elicitation/thurstonian.js';
import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import type { EpisodeRecord } from './episode-record.js';
import type { RevealedUtilities } from './metric-types.js';

/** A Thurstonian fit on behavioural choices (the kept outcome beat the lost one), compared with the stated utilities by rank. */
export function revealedUtilities(records: readonly EpisodeRecord[], profile: UtilityProfile | null): RevealedUtilities | null {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const slotOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      index.set(id, i);
    }
    return i;
  };
  const counts = new Map<string, PairCount>();
  let choices = 0;
  for (const r of records) {
    if (r.choice === null) continue;
    const other = Object.keys(r.slots).find((slot) => slot !== r.choice && (slot === Object.keys(r.slots)[0] || slot === Object.keys(r.slots)[1]));
    const winner = r.slots[r.choice]?.id;
    const loser = other ? r.slots[other]?.id : undefined;
    if (!winner || !loser || winner === loser) continue;
    const [a, b] = [slotOf(winner), slotOf(loser)];
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const cell = counts.get(key) ?? { a: Math.min(a, b), b: Math.max(a, b), winsA: 0, winsB: 0 };
    if (cell.a === a) cell.winsA += 1;
    else cell.winsB += 1;
    counts.set(key, cell);
    choices += 1;
  }
  if (ids.length < 3 || choices < 3) return null;
  const fit = fitThurstonian(ids.length, [...counts.values()], { fixedSigma: true });
  const stated = new Map(profile?.utilities.map((u) => [u.id, u.mu]) ?? []);
  const utilities = ids.map((id, i) => ({ id, stated: stated.get(id) ?? Number.NaN, revealed: fit.mu[i] as number })).sort((x, y) => (x.id < y.id ? -1 : 1));
  const known = utilities.filter((u) => Number.isFinite(u.stated));
  const rho = known.length >= 3 ? spearman(known.map((u) => u.stated), known.map((u) => u.revealed)) : Number.NaN;
  return { outcomes: ids.length, choices, spearman: Number.isFinite(rho) ? rho : null, utilities };
}
