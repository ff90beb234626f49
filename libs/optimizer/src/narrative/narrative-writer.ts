import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@apex/config';
import { requestChatCompletion } from './chat-completion';
import type { Narrative, NarrativeInput } from './narrative';
import { narrativeMessages } from './narrative-prompt';
import { inventedNumbers } from './numbers-in';

/**
 * Writes a run's summary: the template's text, or, when a language model is configured, the model's words around
 * the computed facts. An answer that states any number the facts and the template do not is discarded.
 */
@Injectable()
export class NarrativeWriter {
  private readonly logger = new Logger(NarrativeWriter.name);

  constructor(private readonly config: AppConfig) {}

  async write(input: NarrativeInput): Promise<Narrative> {
    const llm = this.config.llm;
    if (!llm) return { text: input.templated, source: 'template', model: null, promptTokens: 0, completionTokens: 0, discarded: null };

    const outcome = await requestChatCompletion({
      apiUrl: llm.apiUrl,
      apiKey: llm.apiKey.reveal(),
      model: llm.model,
      messages: narrativeMessages(input.facts),
      timeoutMs: llm.timeoutMs,
    });
    const spent = { model: llm.model, promptTokens: outcome.promptTokens, completionTokens: outcome.completionTokens };
    const discard = (reason: string): Narrative => {
      this.logger.warn(`Narrative from ${llm.model} discarded: ${reason}`);
      return { text: input.templated, source: 'template', ...spent, discarded: reason };
    };

    if (!outcome.ok) return discard(outcome.failure);
    const invented = inventedNumbers(outcome.content, [...input.facts, input.templated]);
    if (invented.length > 0) return discard(`it states numbers not among the facts: ${invented.join(', ')}`);
    return { text: outcome.content, source: 'model', ...spent, discarded: null };
  }
}
