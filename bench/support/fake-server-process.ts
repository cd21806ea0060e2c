// A local OpenAI-compatible server in its own process (so client and server do not share an event loop), for benchmarks.
// Prints {"url": ...} on its first line; prints the request count and exits on SIGTERM.
import { startFakeOpenAIServer, type ResponderReply } from '../../test/helpers/openai-server.js';

const latencyMs = Number(process.argv[2] ?? 200);
const server = await startFakeOpenAIServer({
  latencyMs,
  responder: (request): ResponderReply => {
    // Call the last tool offered with the first value of every enum: a legal move that soon ends the episode.
    const tools = (request.tools ?? []) as Array<{ function: { name: string; parameters?: { properties?: Record<string, { enum?: string[] }>; required?: string[] } } }>;
    const tool = tools[tools.length - 1]?.function;
    if (!tool) return { content: 'A' };
    const args: Record<string, unknown> = {};
    for (const name of tool.parameters?.required ?? []) args[name] = tool.parameters?.properties?.[name]?.enum?.[0] ?? 'n/a';
    return { toolCalls: [{ name: tool.name, arguments: JSON.stringify(args) }] };
  },
});
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ chatCompletions: server.stats().chatCompletions }));
  void server.close().then(() => process.exit(0));
});
