/** What a run's summary is written from: the template's text and the computed figures, one line each. */
export interface NarrativeInput {
  templated: string;
  facts: string[];
}

export interface Narrative {
  text: string;
  source: 'template' | 'model';
  /** The model asked, or null when none was configured. */
  model: string | null;
  /** Tokens the model spent, counted even when its answer was discarded. */
  promptTokens: number;
  completionTokens: number;
  /** Why the model's answer was not used; null when it was, or when no model was asked. */
  discarded: string | null;
}
