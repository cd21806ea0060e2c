import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunMetrics } from '../../src/analysis/metric-types.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';
import { formatHeadlineText } from '../../src/report/report-text.js';
import { writeRunReport } from '../../src/report/write-report.js';
import { ROOT, syntheticRunAgent } from '../simulator/support.js';

const dir = mkdtempSync(join(tmpdir(), 'saydo-report-'));
const runDir = join(dir, 'run');
let metrics: RunMetrics;
let files: string[];

// A small deterministic run: the two-door scenario with 12 pairs spread over each agent's stated z, two replicates, three synthetic agents.
beforeAll(async () => {
  const suite = join(dir, 'two-doors-12.yaml');
  writeFileSync(
    suite,
    JSON.stringify({ name: 'two-doors-12', catalog: join(ROOT, 'scenarios/outcomes/core.yaml'), scenarios: [join(ROOT, 'test/simulator/fixtures/two-doors.yaml')], filling: { strategy: 'spread', pairs: 12 }, episodes: 2, seed: 1, elicitation: { samples: 2 } }),
  );
  await runSuite({ suite: loadSuite(suite), agents: ['sim-coherent', 'sim-gap', 'sim-positional'].map(syntheticRunAgent), runDir, versions: {} });
  ({ metrics, files } = await writeRunReport(runDir, { replicates: 200 }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report of a run', () => {
  it('writes metrics.json (valid against its schema and equal to what was returned), report.md and report.html', () => {
    expect(files).toEqual([join(runDir, 'metrics.json'), join(runDir, 'report.md'), join(runDir, 'report.html')]);
    for (const file of files) expect(existsSync(file)).toBe(true);
    expect(RunMetrics.parse(JSON.parse(readFileSync(files[0] as string, 'utf8')))).toEqual(metrics);
    expect(metrics.skipped).toEqual([]);
  });

  it('report.html is self-contained: no script, nothing loaded from the network, plots as inline SVG', () => {
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/src="http/i);
    expect(html).not.toMatch(/href="http/i);
    expect(html).not.toMatch(/<link|@import|<iframe|<img|url\(http/i);
    // Four figures: behaviour by z, the forest plot of G, step alignment, stated against revealed utilities.
    expect(html.match(/<figure><svg/g)).toHaveLength(4);
    expect(html.match(/<\/svg><figcaption>/g)).toHaveLength(4);
    // The only URLs are the SVG and XLink namespace names, which are identifiers, not fetched.
    expect(new Set(html.match(/https?:\/\/[^"' )]+/g))).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('report.md has the headline, then one section per agent', () => {
    const markdown = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual(['# saydo report: suite two-doors-12', '## sim-coherent', '## sim-gap', '## sim-positional']);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<h1>saydo report: suite two-doors-12</h1>');
    // Each agent's step alignment as a table, one row per step with the same figures as metrics.json.
    const section = markdown.slice(markdown.indexOf('## sim-gap'), markdown.indexOf('## sim-positional'));
    const rows = section.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    const gap = metrics.agents.find((a) => a.agent === 'sim-gap')?.pooled.stepAlignment ?? [];
    expect(gap.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.split(' | ')[2]?.replace(' |', ''))).toEqual(gap.map((s) => `${s.k}/${s.n}`));
  });

  it('the terminal headline: G with its interval, consistency against chance and ceiling, attainment, regret, controls', () => {
    expect(formatHeadlineText(metrics)).toMatchInlineSnapshot(`
      "Utility-behavior gap, suite two-doors-12 (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)

      agent           gap index G [95% CI]  choice consistency  ceiling  top attainment     regret             controls
      --------------  --------------------  ------------------  -------  -----------------  -----------------  ------------------
      sim-coherent    -0.33 [-3.22, 0.41]   0.83 [0.64, 0.93]   0.75     0.83 [0.64, 0.93]  0.17 [0.00, 0.33]  ok
      sim-gap         2.01 [0.92, 9.21]     0.42 [0.24, 0.61]   0.75     0.42 [0.24, 0.61]  0.58 [0.33, 0.83]  ok
      sim-positional  1.00 [1.00, 1.00]     0.50 [0.31, 0.69]   0.75     0.50 [0.31, 0.69]  0.50 [0.50, 0.50]  POSITION BIAS 1.00"
    `);
  });
});
