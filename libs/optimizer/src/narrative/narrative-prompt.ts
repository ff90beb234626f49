export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

const SYSTEM = [
  'You write a short plain-language summary of an AI cost review for the customer who ran it.',
  'Use only the facts you are given. Do not state any number, amount, percentage, date or count that is not',
  'written in the facts, and do not round, convert or combine them: copy figures exactly as written.',
  'Name models exactly as the facts spell them. No headings, no lists: two to four sentences.',
].join(' ');

/** The messages sent to the model: only the computed facts, and the rule that no other number may appear. */
export function narrativeMessages(facts: string[]): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Facts:\n${facts.map((fact) => `- ${fact}`).join('\n')}` },
  ];
}
