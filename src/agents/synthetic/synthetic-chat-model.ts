import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { sha256 } from '../../core/hash.js';
import { forkRng } from '../../core/rng.js';
import type { SyntheticAgentProfile } from '../../core/schemas/agent-profile.js';
import type { AgentView, EpisodeView } from '../agent-view.js';
import { chooseToolCall, type ShownTool } from './acting.js';
import { answerForcedChoice } from './forced-choice.js';
import type { LatentUtilityFn } from './latent-utilities.js';

/** Per-call inputs that only a synthetic agent reads. */
export interface SyntheticCallOptions extends BaseChatModelCallOptions {
  saydo?: { sample: number; view?: unknown; logprobs?: boolean };
}

/** A synthetic agent as a LangChain chat model: it reads the same messages a real model gets and answers in text or tool calls. */
export class SyntheticChatModel extends BaseChatModel<SyntheticCallOptions> {
  readonly agentProfile: SyntheticAgentProfile;
  readonly utility: LatentUtilityFn;

  constructor(agentProfile: SyntheticAgentProfile, utility: LatentUtilityFn) {
    super({});
    this.agentProfile = agentProfile;
    this.utility = utility;
  }

  _llmType(): string {
    return 'saydo-synthetic';
  }

  override bindTools(tools: BindToolsInput[]): Runnable<BaseLanguageModelInput, AIMessageChunk, SyntheticCallOptions> {
    return this.withConfig({ tools } as Partial<SyntheticCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const call = options.saydo ?? { sample: 0 };
    const view = call.view as AgentView | undefined;
    if (view?.kind === 'episode') return this.act(view, options, call.sample);
    const prompt = messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
    const rng = forkRng('synthetic-answer', this.agentProfile.seed, sha256(prompt), call.sample);
    if (view?.kind !== 'forced-choice') {
      const message = new AIMessage({ content: 'I have no task I can act on.', usage_metadata: usage(prompt, 8) });
      return { generations: [{ message, text: String(message.content) }] };
    }
    const answer = answerForcedChoice(prompt, view.outcomes, this.agentProfile, this.utility, rng);
    const responseMetadata: Record<string, unknown> = { finish_reason: 'stop' };
    if (call.logprobs && answer.pFirst !== null) {
      const top = [
        { token: 'A', logprob: Math.log(Math.max(answer.pFirst, 1e-300)) },
        { token: 'B', logprob: Math.log(Math.max(1 - answer.pFirst, 1e-300)) },
      ].sort((x, y) => y.logprob - x.logprob);
      const chosen = top.find((entry) => entry.token === answer.text.trim()) ?? (top[0] as { token: string; logprob: number });
      responseMetadata.logprobs = { content: [{ token: chosen.token, logprob: chosen.logprob, top_logprobs: top }] };
    }
    const message = new AIMessage({ content: answer.text, response_metadata: responseMetadata, usage_metadata: usage(prompt, answer.text.length) });
    return { generations: [{ message, text: answer.text }] };
  }

  /** One turn of an episode: a single tool call chosen by planning on the view (DESIGN.md section 5). */
  private act(view: EpisodeView, options: this['ParsedCallOptions'], sample: number): ChatResult {
    const rng = forkRng('synthetic-act', this.agentProfile.seed, view.episodeId, view.turn, sample);
    const call = chooseToolCall(this.agentProfile, this.utility, view, shownTools(options as { tools?: unknown }), rng);
    let args: Record<string, unknown> | undefined;
    try {
      args = JSON.parse(call.arguments) as Record<string, unknown>;
    } catch {
      args = undefined;
    }
    const toolCalls = args ? [{ id: call.id, name: call.name, args, type: 'tool_call' as const }] : [];
    const invalid = args ? [] : [{ id: call.id, name: call.name, args: call.arguments, error: 'arguments are not valid JSON', type: 'invalid_tool_call' as const }];
    const message = new AIMessage({
      content: '',
      tool_calls: toolCalls,
      invalid_tool_calls: invalid,
      response_metadata: { finish_reason: 'tool_calls' },
      usage_metadata: { input_tokens: 0, output_tokens: Math.ceil(call.arguments.length / 4) + 4, total_tokens: Math.ceil(call.arguments.length / 4) + 4 },
    });
    return { generations: [{ message, text: '' }] };
  }
}

/** Tools as bindTools passed them: OpenAI function tools. */
function shownTools(options: { tools?: unknown }): ShownTool[] {
  const tools = Array.isArray(options.tools) ? (options.tools as Array<{ function?: { name?: string; parameters?: unknown }; name?: string }>) : [];
  return tools.map((tool) => ({ name: tool.function?.name ?? tool.name ?? '', parameters: tool.function?.parameters }));
}

function usage(prompt: string, outputChars: number) {
  const input = Math.ceil(prompt.length / 4);
  const output = Math.max(1, Math.ceil(outputChars / 4));
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}
