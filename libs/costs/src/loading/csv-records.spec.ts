import { parse } from 'csv-parse/sync';
import { CsvRecordSplitter, CsvSyntaxError, MAX_RECORD_CHARS } from './csv-records';

function split(text: string, chunkSizes: number[] = [text.length || 1]): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  const splitter = new CsvRecordSplitter((fields, line) => records.push({ fields, line }));
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = chunkSizes[i % chunkSizes.length];
    splitter.write(text.slice(at, at + size));
    at += size;
  }
  splitter.end();
  return records;
}

function syntaxErrorOf(text: string): CsvSyntaxError {
  try {
    split(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('no syntax error');
}

describe('CsvRecordSplitter: RFC 4180 records, chunk by chunk, with the line each starts on', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and says where each record starts', () => {
    const text = 'a,b,c\r\n1,"x, ""quoted""",3\n\n"multi\nline\r\nvalue",5,6\n7,,\n';
    for (const chunks of [[text.length], [1], [2, 3], [5]]) {
      expect(split(text, chunks)).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', 'x, "quoted"', '3'], line: 2 },
        { fields: ['multi\nline\r\nvalue', '5', '6'], line: 4 },
        { fields: ['7', '', ''], line: 7 },
      ]);
    }
  });

  it('drops a byte order mark, reads a last line without a line break and keeps a quote inside an unquoted field', () => {
    expect(split('\uFEFFBilledCost,Note\n1.5,12" pipe')).toEqual([
      { fields: ['BilledCost', 'Note'], line: 1 },
      { fields: ['1.5', '12" pipe'], line: 2 },
    ]);
  });

  it('reads the same records as csv-parse on thousands of random files, however they are cut into chunks', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['a', 'bc', '', ' ', '"', ',', '\n', '\r\n', 'x"y', '12.5', 'é', '\u{1F600}'];
    let compared = 0;
    for (let file = 0; file < 3000; file++) {
      const columns = 1 + next(4);
      let text = '';
      for (let record = next(6); record > 0; record--) {
        const fields = Array.from({ length: columns }, () => {
          let value = '';
          for (let k = next(4); k > 0; k--) value += pieces[next(pieces.length)];
          return next(10) < 4 ? `"${value.replace(/"/g, '""')}"` : value.replace(/[",\r\n]/g, '');
        });
        text += fields.join(',') + (next(2) ? '\n' : '\r\n') + (next(5) === 0 ? '\n' : '');
      }
      if (next(3) === 0) text = text.replace(/\r?\n$/, '');
      const expected = parse(text, { relax_quotes: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] });
      expect(split(text, [1 + next(9), 1 + next(30)]).map((r) => r.fields)).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(3000);
  });

  it('refuses a quoted field that is never closed (a file cut short), naming the line it opens on', () => {
    const error = syntaxErrorOf('a,b\n1,2\n3,"cut short\nhere');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/never closed/);
  });

  it('refuses text after a closing quote', () => {
    const error = syntaxErrorOf('a,b\n1,"2"x\n');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/closing quote is followed by "x"/);
  });

  it('holds back at most one record: an open quote running over the limit is refused while the file is still arriving', () => {
    const splitter = new CsvRecordSplitter(() => undefined);
    splitter.write('a,b\n1,"');
    const chunk = 'x'.repeat(1024 * 1024);
    let error: unknown;
    try {
      for (let i = 0; i <= MAX_RECORD_CHARS / chunk.length; i++) splitter.write(chunk);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(2);
  });
});
