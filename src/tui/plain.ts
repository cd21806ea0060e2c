import { formatHeadlineText } from '../report/report-text.js';
import { textTable } from '../report/text-table.js';
import { checkScenarioFile } from '../world/load-scenario.js';
import { checkStatus, describeRunState, readRunMetrics, scanProject } from './project.js';

/** Indents every line of a block. */
function indent(text: string, by = '  '): string[] {
  return text.split('\n').map((line) => (line ? `${by}${line}` : ''));
}

/** The Home screen's information as plain lines, for `saydo ui --plain` and for output that is not a terminal. */
export function projectPlainText(root: string): string {
  const project = scanProject(root);
  const lines: string[] = [];
  const section = (title: string, header: string[], rows: string[][], empty: string) => {
    if (lines.length > 0) lines.push('');
    lines.push(`${title} (${rows.length})`);
    if (rows.length === 0) lines.push(`  ${empty}`);
    else lines.push(...indent(textTable(header, rows)));
  };
  section(
    'Suites',
    ['suite', 'file', 'contents'],
    project.suites.map((s) => [s.name, s.file, s.error ? `error: ${s.error}` : `${s.summary}${s.description ? `: ${s.description}` : ''}`]),
    'none under scenarios/suites',
  );
  section(
    'Scenarios',
    ['check', 'file', 'scenario'],
    project.scenarios.map((file) => {
      const check = checkScenarioFile(file);
      const errors = check.problems.filter((p) => p.severity === 'error');
      const scenario = check.loaded?.scenario;
      return [checkStatus(check).text, file, scenario ? `${scenario.id}: ${scenario.title}` : `${errors[0]?.location.line !== undefined ? `line ${errors[0].location.line}: ` : ''}${errors[0]?.message ?? ''}`];
    }),
    'none under scenarios/worlds',
  );
  section(
    'Agents',
    ['agent', 'model', 'description'],
    project.agents.map((a) => [a.name, a.kind, a.error ? `error: ${a.error}` : a.description]),
    'none under agents',
  );
  section(
    'Runs',
    ['run', 'state', 'suite', 'agents'],
    project.runs.map((run) => [run.dir, describeRunState(run), run.manifest.suite.name, run.manifest.agents.map((a) => a.name).join(', ')]),
    'none under runs',
  );
  for (const run of project.runs) {
    const metrics = run.metrics ? readRunMetrics(run.dir) : undefined;
    if (!metrics) continue;
    lines.push('', `Headline of ${run.dir}`, ...indent(formatHeadlineText(metrics)));
  }
  return lines.join('\n');
}
