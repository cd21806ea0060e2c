import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { sha256 } from '../../core/hash.js';
import { forkRng } from '../../core/rng.js';
import type { SyntheticAgentProfile } from '../../core/schemas/agent-profile.js';
import type { AgentView } from '../agent-view.js';
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
}

function usage(prompt: string, outputChars: number) {
  const input = Math.ceil(prompt.length / 4);
  const output = Math.max(1, Math.ceil(outputChars / 4));
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}
