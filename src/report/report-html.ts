import type { RunMetrics } from '../analysis/metric-types.js';
import { alignmentSpec, choiceCurveSpec, forestSpec, renderSvg, revealedSpec } from './plots.js';
import { reportMarkdown } from './report-markdown.js';

const STYLE = `body{font:14px/1.45 Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.8em 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f5f5f5}
figure{margin:1.2em 0}figcaption{color:#555;font-size:13px;max-width:720px}code{background:#f3f3f3;padding:0 3px}`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders the Markdown subset report.md uses (headings, paragraphs, tables, lists, code) as HTML. */
function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const blocks = markdown.split(/\n{2,}/);
  const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const first = lines[0] as string;
    if (first.startsWith('# ')) out.push(`<h1>${inline(first.slice(2))}</h1>`);
    else if (first.startsWith('## ')) out.push(`<h2>${inline(first.slice(3))}</h2>`);
    else if (first.startsWith('| ')) {
      const cells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /).map((c) => inline(c.replace(/\\\|/g, '|')));
      const [head, , ...rows] = lines;
      out.push(`<table><thead><tr>${cells(head as string).map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r).map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (first.startsWith('- ')) out.push(`<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
    else out.push(`<p>${inline(lines.join(' '))}</p>`);
  }
  return out.join('\n');
}

/** A figure: an inline SVG and its caption. */
function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** report.html: self-contained (inline SVG plots and CSS, no scripts, no network). */
export async function reportHtml(metrics: RunMetrics): Promise<string> {
  const figures = [
    figure(await renderSvg(choiceCurveSpec(metrics)), 'Behaviour against stated preference: points are the share of commitments that kept slot a, by stated z (bars: Wilson 95%); lines are each agent\'s fitted probit; the dashed line is Phi(z), which stated choices follow by construction. An agent whose actions follow its words lies on the dashed line (G = 0); one blind to them is flat (G = 1).'),
    figure(await renderSvg(forestSpec(metrics)), 'Gap index G per agent, pooled and per scenario, with 95% bootstrap intervals over instances.'),
    figure(await renderSvg(alignmentSpec(metrics)), 'Step alignment: at each step where some action would lower the stated value V, the share of steps whose action kept it.'),
  ];
  if (metrics.agents.some((a) => a.revealed)) figures.push(figure(await renderSvg(revealedSpec(metrics)), 'Stated against revealed utilities: the Thurstonian fit on behavioural choices against the elicited one.'));
  const body = markdownToHtml(reportMarkdown(metrics));
  const [title, ...rest] = body.split('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>saydo report: ${escapeHtml(metrics.suite)}</title><style>${STYLE}</style></head>
<body>
${title}
${rest.slice(0, 2).join('\n')}
${figures.join('\n')}
${rest.slice(2).join('\n')}
</body></html>
`;
}
