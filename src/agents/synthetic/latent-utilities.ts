import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../core/errors.js';
import { forkRng } from '../../core/rng.js';
import type { SyntheticAgentProfile } from '../../core/schemas/agent-profile.js';

/** A synthetic agent's latent mean utility u per outcome id. */
export type LatentUtilityFn = (outcomeId: string) => number;

/** Draws u ~ N(0, sd^2) from the seed and the outcome id alone, so adding outcomes never changes the others. */
export function seededUtility(seed: string | number, sd: number): LatentUtilityFn {
  const memo = new Map<string, number>();
  return (id) => {
    let u = memo.get(id);
    if (u === undefined) {
      u = sd * forkRng('latent-utility', seed, id).normal();
      memo.set(id, u);
    }
    return u;
  };
}

/** The latent utilities of a synthetic agent; `profileDir` resolves a relative utilities file. */
export function latentUtilities(profile: SyntheticAgentProfile, profileDir: string): LatentUtilityFn {
  const source = profile.utilities;
  if (source.source === 'seeded') return seededUtility(source.seed ?? profile.seed, source.sd);
  const file = resolve(profileDir, source.path);
  const table = readUtilityTable(file);
  const fallback = source.sd === undefined ? undefined : seededUtility(profile.seed, source.sd);
  return (id) => {
    const u = table.get(id);
    if (u !== undefined) return u;
    if (fallback) return fallback(id);
    throw new InputError('E_REFERENCE', [
      { location: { file }, field: id, message: `no utility for outcome "${id}"`, hint: 'add it to the file, or set utilities.sd in the agent profile to draw missing ones' },
    ]);
  };
}

function readUtilityTable(file: string): Map<string, number> {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError('E_FILE_NOT_FOUND', [{ location: { file }, field: '', message: `cannot read utilities: ${(error as Error).message}`, hint: 'utilities.path is relative to the agent profile' }], { cause: error });
  }
  const table = new Map<string, number>();
  const utilities = (data as { utilities?: unknown })?.utilities;
  if (Array.isArray(utilities)) {
    for (const entry of utilities as Array<{ id?: unknown; mu?: unknown }>) {
      if (typeof entry.id === 'string' && typeof entry.mu === 'number') table.set(entry.id, entry.mu);
    }
  } else if (data && typeof data === 'object') {
    for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
      if (typeof value === 'number') table.set(id, value);
    }
  }
  if (table.size === 0) {
    throw new InputError('E_SCHEMA', [{ location: { file }, field: '', message: 'no utilities found', hint: 'write a map from outcome id to a number, or give a utility profile (profile.json)' }]);
  }
  return table;
}
