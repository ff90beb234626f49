import { csvCell, csvLine } from './evidence-csv';

describe('the evidence CSV', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+31 20 555 0100', "'+31 20 555 0100"],
    ['-1.50', "'-1.50"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
  ])('neutralises %j, which a spreadsheet would run as a formula', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves plain text and amounts as they are, quotes what CSV needs quoted, and writes null as empty', () => {
    expect(csvLine(['gpt-4o', '17.8', null, 'a "b", c', 'x=1'])).toBe('gpt-4o,17.8,,"a ""b"", c",x=1\r\n');
    expect(csvCell('=HYPERLINK("https://attacker.example","x")')).toBe(`"'=HYPERLINK(""https://attacker.example"",""x"")"`);
  });
});
