#!/usr/bin/env node
// Runs saydo from its TypeScript sources (tsx compiles them on the fly), so a fresh clone needs no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// saydo's own tsconfig (JSX runtime and all), whatever folder saydo runs in.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
