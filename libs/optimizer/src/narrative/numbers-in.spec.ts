import { inventedNumbers, numbersIn, verbatimTokensOf } from './numbers-in';

describe('numbersIn', () => {
  it.each([
    ['$1,234.56', ['1234.56']],
    ['1234.56', ['1234.56']],
    ['1,234.560 USD', ['1234.56']],
    ['12%', ['12']],
    ['3 models', ['3']],
    ['-4.5', ['-4.5']],
    ['a change of -4.5 (-0.0)', ['-4.5', '0']],
    ['1.2k', ['1200']],
    ['1.2M tokens', ['1200000']],
    ['$2B', ['2000000000']],
    ['0.50', ['0.5']],
    ['007', ['7']],
    ['3-5 days', ['3', '5']],
    ['3,4 and 5', ['3', '4', '5']],
    ['ends in a full stop at 12.', ['12']],
    ['2 months and 3 km', ['2', '3']],
    ['GPT-4o', ['4']],
    ['gpt4', ['4']],
    ['no figures at all', []],
  ])('%s → %j', (text, expected) => {
    expect(numbersIn(text)).toEqual(expected);
  });

  it('skips the verbatim tokens where they stand alone, but not inside a longer word', () => {
    expect(numbersIn('Move gpt-4o-2024-08-06 to gpt-4o-mini.', ['gpt-4o-2024-08-06', 'gpt-4o-mini'])).toEqual([]);
    expect(numbersIn('gpt-4o-mini-2 is new', ['gpt-4o-mini'])).toEqual(['4', '2']);
  });
});

describe('verbatimTokensOf', () => {
  it('keeps the words that mix letters and digits, longest first, without edge punctuation', () => {
    expect(verbatimTokensOf(['Spend on gpt-4o-mini: $1,200.', '(claude-3-haiku-20240307) 12%'])).toEqual([
      'claude-3-haiku-20240307',
      'gpt-4o-mini',
    ]);
  });
});

describe('inventedNumbers', () => {
  const facts = ['gpt-4o-2024-08-06 spend: $1,200.00 over 30 days', 'Potential monthly savings: $840.50 (70%)'];

  it('accepts the facts in any spelling, and model names as spelt', () => {
    expect(inventedNumbers('You spent 1.2k dollars on gpt-4o-2024-08-06 in 30 days; moving saves $840.5 a month (70 %).', facts)).toEqual([]);
  });

  it('names every number the sources do not state', () => {
    expect(inventedNumbers('Save $5,000 on gpt-4o in 2 weeks, maybe 1.3k.', facts)).toEqual(['5000', '4', '2', '1300']);
  });

  it('does not accept a rounded figure', () => {
    expect(inventedNumbers('Savings of about $841.', facts)).toEqual(['841']);
  });
});
