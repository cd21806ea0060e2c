// Child process of the simulator benchmarks: runs a suite on a synthetic agent with a prepared profile and prints
// {steps, episodes, seconds, maxRssMb} as JSON. Usage: node --import tsx bench/support/synthetic-run.ts SUITE PROFILE_DIR OUT EPISODES
import { loadAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';

const [suitePath, profilesFrom, out, episodes] = process.argv.slice(2) as [string, string, string, string];
const loaded = loadSuite(suitePath);
const suite = { ...loaded, suite: { ...loaded.suite, episodes: Number(episodes) } };
const agent = loadAgentProfile('agents/sim-coherent.yaml');
let maxRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 50);
const started = performance.now();
const result = await runSuite({
  suite,
  agents: [{ name: agent.profile.name, file: agent.file, hash: agent.hash, profile: agent.profile, caller: createModelCaller(agent, { env: {} }) }],
  runDir: out,
  profilesFrom,
  versions: {},
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
maxRss = Math.max(maxRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const summary = result.agents[0]?.summary;
console.log(JSON.stringify({ steps: summary?.steps ?? 0, episodes: summary?.episodes ?? 0, seconds, maxRssMb: maxRss / 2 ** 20 }));
