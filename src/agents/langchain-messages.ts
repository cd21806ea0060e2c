import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ModelReply } from '../core/model-call.js';
import type { ChatMessage, ToolCallRecord, ToolDefinition } from '../core/schemas/chat.js';

/** An OpenAI-style function tool, the form `bindTools` takes. */
export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Converts saydo's chat messages to LangChain messages. */
export function toLangChainMessages(messages: readonly ChatMessage[]): BaseMessage[] {
  return messages.map((message): BaseMessage => {
    switch (message.role) {
      case 'system':
        return new SystemMessage(message.content);
      case 'user':
        return new HumanMessage(message.content);
      case 'assistant':
        return new AIMessage({
          content: message.content,
          // An argument text that is not JSON is shown back as {}: the tool answer that follows quotes it.
          tool_calls: (message.toolCalls ?? []).map((call) => ({ id: call.id, name: call.name, args: parseArguments(call.arguments) ?? {}, type: 'tool_call' as const })),
        });
      case 'tool':
        return new ToolMessage({ content: message.content, tool_call_id: message.toolCallId, name: message.name });
    }
  });
}

/** Parses tool-call arguments; undefined when they are not a JSON object. */
export function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Tool definitions in the OpenAI function form that every LangChain chat model accepts. */
export function toOpenAITools(tools: readonly ToolDefinition[]): OpenAIFunctionTool[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}

interface OpenAILogprobContent {
  token: string;
  logprob: number;
  top_logprobs?: Array<{ token: string; logprob: number }>;
}

/** Reads a LangChain AI message into a provider-neutral reply. */
export function readReply(message: BaseMessage): ModelReply {
  const ai = message as AIMessage;
  const text = typeof ai.content === 'string' ? ai.content : contentText(ai.content);
  const toolCalls: ToolCallRecord[] = [];
  let generated = 0;
  for (const call of ai.tool_calls ?? []) {
    toolCalls.push({ id: call.id ?? `call_${generated++}`, name: call.name, arguments: JSON.stringify(call.args ?? {}) });
  }
  for (const call of ai.invalid_tool_calls ?? []) {
    toolCalls.push({ id: call.id ?? `call_${generated++}`, name: call.name ?? '', arguments: call.args ?? '' });
  }
  const metadata = (ai.response_metadata ?? {}) as { logprobs?: { content?: OpenAILogprobContent[] | null } | null; finish_reason?: string };
  const content = metadata.logprobs?.content;
  const logprobs = Array.isArray(content)
    ? content.map((entry) => ({ token: entry.token, logprob: entry.logprob, top: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob })) }))
    : null;
  const usage = ai.usage_metadata;
  return {
    text,
    toolCalls,
    logprobs,
    usage: { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0 },
    finishReason: metadata.finish_reason ?? null,
  };
}

function contentText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) => (block && typeof block === 'object' && 'text' in block && typeof block.text === 'string' ? block.text : ''))
    .join('');
}
