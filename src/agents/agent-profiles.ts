import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { contentHash } from '../core/hash.js';
import { AgentProfile } from '../core/schemas/agent-profile.js';
import { displayPath, loadYamlFile } from '../core/yaml-file.js';

/** An agent profile read from a file, with where it came from and its content hash. */
export interface LoadedAgentProfile {
  profile: AgentProfile;
  file: string;
  dir: string;
  hash: string;
}

/** Reads and validates an agent profile YAML file; errors name file:line:column. */
export function loadAgentProfile(file: string): LoadedAgentProfile {
  const located = loadYamlFile(file, AgentProfile);
  return { profile: located.value, file: displayPath(file), dir: dirname(resolve(file)), hash: contentHash(located.value) };
}

/** Resolves `sim-coherent` to `agents/sim-coherent.yaml`; paths are taken as they are. */
export function resolveAgentRef(ref: string, agentsDir: string = 'agents'): string {
  if (ref.includes('/') || ref.includes('\\') || /\.ya?ml$/.test(ref)) return ref;
  const candidates = [join(agentsDir, `${ref}.yaml`), join(agentsDir, `${ref}.yml`)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new InputError('E_FILE_NOT_FOUND', [
    { location: { file: candidates[0] as string }, field: '', message: `no agent profile named "${ref}"`, hint: `put a profile at ${candidates[0]} or pass a path to one` },
  ]);
}
