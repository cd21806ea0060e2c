import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RunMetrics } from '../analysis/metric-types.js';
import { normalCdf } from '../core/stats/normal.js';
import { wilson } from '../core/stats/wilson.js';

const CONFIG = { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11 }, view: { stroke: null } };

/** Renders a Vega-Lite spec to a standalone SVG string, offline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Behaviour against stated choice probability: binned share choosing the first slot by z, the fitted probit per agent, and Phi(z) of the stated choices. */
export function choiceCurveSpec(metrics: RunMetrics): TopLevelSpec {
  const grid = Array.from({ length: 61 }, (_, i) => -3 + i * 0.1);
  const stated = grid.map((z) => ({ z, p: normalCdf(z), series: 'stated choices: Phi(z)' }));
  const fitted = metrics.agents.flatMap((a) => {
    const c = a.pooled.calibration;
    return c && c.intercept !== null && c.slope.estimate !== null ? grid.map((z) => ({ z, p: normalCdf((c.intercept as number) + (c.slope.estimate as number) * z), agent: a.agent })) : [];
  });
  const binned = metrics.agents.flatMap((a) => {
    const bins = new Map<number, { k: number; n: number }>();
    for (const point of a.pooled.calibration?.points ?? []) {
      const center = Math.max(-3, Math.min(3, Math.round(point.z * 2) / 2));
      const cell = bins.get(center) ?? { k: 0, n: 0 };
      cell.n += 1;
      cell.k += point.chose;
      bins.set(center, cell);
    }
    return [...bins.entries()].map(([z, { k, n }]) => {
      const w = wilson(k, n);
      return { z, p: w.estimate, lo: w.lo, hi: w.hi, n, agent: a.agent };
    });
  });
  const x = { field: 'z', type: 'quantitative' as const, title: 'stated z = (mu_a - mu_b) / sqrt(sigma_a^2 + sigma_b^2)', scale: { domain: [-3, 3] } };
  const y = { field: 'p', type: 'quantitative' as const, title: 'share choosing slot a', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 520,
    height: 320,
    layer: [
      { data: { values: stated }, mark: { type: 'line', strokeDash: [6, 4], color: '#444' }, encoding: { x, y } },
      { data: { values: fitted }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color: { field: 'agent', type: 'nominal' } } },
      { data: { values: binned }, mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { field: 'agent', type: 'nominal' } } },
      { data: { values: binned }, mark: { type: 'point', filled: true }, encoding: { x, y, size: { field: 'n', type: 'quantitative', title: 'commitments' }, color: { field: 'agent', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}

/** Step alignment over step index, with Wilson bands. */
export function alignmentSpec(metrics: RunMetrics): TopLevelSpec {
  const values = metrics.agents.flatMap((a) => a.pooled.stepAlignment.map((s) => ({ step: s.step, p: s.estimate, lo: s.lo, hi: s.hi, n: s.n, agent: a.agent })));
  const x = { field: 'step', type: 'quantitative' as const, title: 'step', axis: { tickMinStep: 1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 520,
    height: 260,
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'kept V where some action would lower it', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color: { field: 'agent', type: 'nominal' } } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'p', type: 'quantitative' }, color: { field: 'agent', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}

/** Forest plot of G per scenario and agent, pooled first, with reference lines at 0 (no gap) and 1 (blind). */
export function forestSpec(metrics: RunMetrics): TopLevelSpec {
  const values = metrics.agents.flatMap((a) => [
    ...(a.pooled.calibration ? [{ row: `${a.agent} · pooled`, agent: a.agent, g: a.pooled.calibration.gap.estimate, lo: a.pooled.calibration.gap.lo, hi: a.pooled.calibration.gap.hi }] : []),
    ...Object.entries(a.byScenario).flatMap(([scenario, m]) => (m.calibration ? [{ row: `${a.agent} · ${scenario}`, agent: a.agent, g: m.calibration.gap.estimate, lo: m.calibration.gap.lo, hi: m.calibration.gap.hi }] : [])),
  ]);
  const clip = (v: number | null) => (v === null ? null : Math.max(-1.5, Math.min(2.5, v)));
  const rows = values.map((v) => ({ ...v, g: clip(v.g), lo: clip(v.lo), hi: clip(v.hi) }));
  const y = { field: 'row', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 400 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 420,
    height: { step: 18 },
    layer: [
      { data: { values: [{ x: 0 }, { x: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: rows }, mark: 'rule', encoding: { y, x: { field: 'lo', type: 'quantitative', title: 'gap index G (95% CI; 0 = acts as it says, 1 = blind to it)', scale: { domain: [-1.5, 2.5] } }, x2: { field: 'hi' }, color: { field: 'agent', type: 'nominal' } } },
      { data: { values: rows }, mark: { type: 'point', filled: true, size: 50 }, encoding: { y, x: { field: 'g', type: 'quantitative' }, color: { field: 'agent', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}

/** Stated against revealed utilities, per agent. */
export function revealedSpec(metrics: RunMetrics): TopLevelSpec {
  const values = metrics.agents.flatMap((a) => (a.revealed?.utilities ?? []).filter((u) => Number.isFinite(u.stated)).map((u) => ({ ...u, agent: a.agent })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 360,
    height: 300,
    data: { values },
    mark: { type: 'point', filled: true, opacity: 0.7 },
    encoding: {
      x: { field: 'stated', type: 'quantitative', title: 'stated utility (elicited mu)' },
      y: { field: 'revealed', type: 'quantitative', title: 'revealed utility (fit on behaviour)' },
      color: { field: 'agent', type: 'nominal' },
      tooltip: [{ field: 'id' }],
    },
  } as TopLevelSpec;
}
