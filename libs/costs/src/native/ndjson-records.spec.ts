import type { NativeProblem } from './native-format';
import { flatColumnsOf, MAX_NDJSON_LINE_CHARS, NdjsonRecordReader } from './ndjson-records';

function read(columns: string[], chunks: string[]) {
  const records: [number, string[]][] = [];
  const problems: NativeProblem[] = [];
  const reader = new NdjsonRecordReader(columns, (fields, line) => records.push([line, fields]), (problem) => problems.push(problem));
  for (const chunk of chunks) reader.write(chunk);
  reader.end();
  return { records, problems };
}

describe('NdjsonRecordReader', () => {
  it('reads each JSON line over the column list: nested paths, numbers as written, lists as JSON, missing keys empty', () => {
    const text =
      '\uFEFF{"cost": 0.1000000000000000055511151231257827, "service": {"description": "BigQuery"}, "credits": [{"amount": -1e-06}], "export": true}\r\n' +
      '\r\n' +
      '{"cost": 12345678901234567890.5, "service": null, "labels": []}\n';
    const columns = ['cost', 'service.description', 'credits', 'labels', 'export', 'missing.deep'];
    const whole = read(columns, [text]);
    const byCharacter = read(columns, [...text]);

    expect(whole.problems).toEqual([]);
    expect(whole.records).toEqual([
      [1, ['0.1000000000000000055511151231257827', 'BigQuery', '[{"amount":"-1e-06"}]', '', 'true', '']],
      [3, ['12345678901234567890.5', '', '', '[]', '', '']],
    ]);
    expect(byCharacter).toEqual(whole);
  });

  it('reports a line that is not an object, is not JSON, or is cut off at the end of the file, by its line number', () => {
    const { records, problems } = read(['a'], ['{"a": 1}\n', '"text"\n', '{"a": 1,, }\n', '{"a": 2}\n', '{"a": "unfinished']);

    expect(records).toEqual([
      [1, ['1']],
      [4, ['2']],
    ]);
    expect(problems).toEqual([
      { line: 2, column: null, message: 'The line is a single JSON value, not a JSON object: each line of the export is one record.' },
      { line: 3, column: null, message: 'The line is not valid JSON (invalid JSON at position 8: expected """).' },
      { line: 5, column: null, message: 'The line ends before its JSON object does: the file looks cut off. Export the table again.' },
    ]);
  });

  it('reports a line too long to be a record once, and reads on after it', () => {
    const long = `{"a": "${'x'.repeat(MAX_NDJSON_LINE_CHARS)}"}`;
    const { records, problems } = read(['a'], [long.slice(0, 1000), long.slice(1000), '\n{"a": 3}\n']);

    expect(problems).toEqual([{ line: 1, column: null, message: 'The line runs over 4 MiB without ending: it is not one billing record.' }]);
    expect(records).toEqual([[2, ['3']]]);
  });
});

describe('flatColumnsOf', () => {
  it('names the flattened columns of a JSON line, lists as one column', () => {
    expect(flatColumnsOf('{"billing_account_id": "A", "service": {"id": "S", "description": "D"}, "credits": [], "cost": 1.5}')).toEqual([
      'billing_account_id',
      'service.id',
      'service.description',
      'credits',
      'cost',
    ]);
    expect(flatColumnsOf('[1]')).toBeNull();
    expect(flatColumnsOf('{"cut": ')).toBeNull();
  });
});
