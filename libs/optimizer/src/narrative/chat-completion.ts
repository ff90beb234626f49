import type { ChatMessage } from './narrative-prompt';

export interface ChatCompletionRequest {
  apiUrl: string;
  /** Only this function sends it. */
  apiKey: string;
  model: string;
  messages: ChatMessage[];
  timeoutMs: number;
}

/** The assistant's text, or why there is none; tokens as the API reported them, whatever happened after. */
export type ChatCompletionOutcome =
  | { ok: true; content: string; promptTokens: number; completionTokens: number }
  | { ok: false; failure: string; promptTokens: number; completionTokens: number };

interface ChatCompletionBody {
  choices?: Array<{ message?: { content?: unknown } }>;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** One POST to `${apiUrl}/chat/completions`, temperature 0, aborted after `timeoutMs`. Never throws. */
export async function requestChatCompletion(request: ChatCompletionRequest): Promise<ChatCompletionOutcome> {
  const failed = (failure: string, promptTokens = 0, completionTokens = 0) => ({ ok: false as const, failure, promptTokens, completionTokens });
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${request.apiUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${request.apiKey}` },
      body: JSON.stringify({ model: request.model, messages: request.messages, temperature: 0 }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    // A DOMException, which is not an Error in every realm (jest's, for one).
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return failed(`no answer within ${request.timeoutMs} ms`);
    }
    return failed(`request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) return failed(`HTTP ${response.status} from the model's API`);

  let body: ChatCompletionBody;
  try {
    body = JSON.parse(text) as ChatCompletionBody;
  } catch {
    return failed('the answer was not JSON');
  }
  if (typeof body !== 'object' || body === null) return failed('the answer was not a chat completion');
  const promptTokens = count(body.usage?.prompt_tokens);
  const completionTokens = count(body.usage?.completion_tokens);
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') return failed('the answer had no message content', promptTokens, completionTokens);
  if (content.trim() === '') return failed('the answer was empty', promptTokens, completionTokens);
  return { ok: true, content: content.trim(), promptTokens, completionTokens };
}
