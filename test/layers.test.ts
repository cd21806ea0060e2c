import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of DESIGN.md section 6, lowest first; a module may import only its own layer or lower ones.
const RANK: Record<string, number> = { core: 0, elicitation: 1, world: 1, agents: 2, simulator: 3, analysis: 4, report: 5, tui: 6, cli: 7 };
const src = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(src).map((path) => ({ path: relative(src, path), text: readFileSync(path, 'utf8') }));
const importsOf = (text: string) => [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
const layerOf = (path: string) => path.split('/')[0] ?? '';

describe('layers', () => {
  it('every source file sits in a known layer', () => {
    expect(files.filter((f) => f.path !== 'index.ts' && RANK[layerOf(f.path)] === undefined).map((f) => f.path)).toEqual([]);
  });

  it('no module imports a layer above its own, nor a sibling of the same rank', () => {
    const upward: string[] = [];
    for (const file of files) {
      const own = layerOf(file.path);
      if (file.path === 'index.ts') continue;
      for (const spec of importsOf(file.text)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(src, join(src, file.path, '..', spec));
        const other = layerOf(target);
        if (target === 'index.ts' || target === 'index.js') upward.push(`${file.path} imports the public index`);
        else if (other !== own && (RANK[other] ?? 99) >= (RANK[own] ?? -1)) upward.push(`${file.path} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('only agents imports LangChain, only tui imports ink and react', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file.text)) {
        if (spec.startsWith('@langchain/') && layerOf(file.path) !== 'agents') offenders.push(`${file.path}: ${spec}`);
        if (/^(ink|react|@inkjs\/ui|ink-)/.test(spec) && layerOf(file.path) !== 'tui') offenders.push(`${file.path}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only cli reads process.argv and process.env, and nothing uses Math.random', () => {
    const offenders = files.flatMap((file) => {
      const found: string[] = [];
      if (layerOf(file.path) !== 'cli' && /process\.(argv|env)\b/.test(file.text)) found.push(`${file.path}: process.argv/env`);
      if (/Math\.random\s*\(/.test(file.text)) found.push(`${file.path}: Math.random`);
      return found;
    });
    expect(offenders).toEqual([]);
  });
});
