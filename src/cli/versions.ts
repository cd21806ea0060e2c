import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(`${root}${packageJson}`, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The saydo version, from package.json. */
export const SAYDO_VERSION = versionOf('package.json');

/** Versions recorded in manifests: saydo, Node.js and the model-facing libraries. */
export function recordedVersions(): Record<string, string> {
  return {
    saydo: SAYDO_VERSION,
    node: process.version,
    '@langchain/core': versionOf('node_modules/@langchain/core/package.json'),
    '@langchain/openai': versionOf('node_modules/@langchain/openai/package.json'),
  };
}
