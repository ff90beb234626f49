import { TestBed } from '@angular/core/testing';
import type { CostFileWarning } from '@apex/contracts';
import { CostFileWarnings } from './cost-file-warnings';

const WARNINGS: CostFileWarning[] = [
  {
    kind: 'unknown_column',
    count: 1,
    examples: [{ file: 'multicloud.csv', line: 1, column: 'Region', field: 'Region', message: 'Region is not a FOCUS 1.0 column: it was kept as an extra column.' }],
  },
  {
    kind: 'null_in_required_column',
    count: 7,
    examples: [
      { file: 'multicloud.csv', line: 4, column: 'ContractedCost', field: 'ContractedCost', message: 'ContractedCost holds "NULL": loaded as null.' },
      { file: 'multicloud.csv', line: 9, column: 'ContractedCost', field: 'ContractedCost', message: 'ContractedCost holds "NULL": loaded as null.' },
    ],
  },
];

describe('CostFileWarnings: what a file loaded with, by kind', () => {
  async function render(warnings: CostFileWarning[]): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(CostFileWarnings);
    fixture.componentRef.setInput('warnings', warnings);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('counts the warnings, names each kind and shows where the first ones are', async () => {
    const el = await render(WARNINGS);
    expect(el.querySelector('summary')?.textContent?.trim()).toBe('Loaded with 8 warnings: no amount was changed.');
    const kinds = Array.from(el.querySelectorAll('.warnings > ul > li > strong')).map((node) => node.textContent?.trim());
    expect(kinds).toEqual(['Columns FOCUS does not name, kept as extra columns', 'Empty or NULL where FOCUS asks for a value, in columns no figure uses']);
    const examples = Array.from(el.querySelectorAll('.examples li')).map((node) => node.textContent?.trim());
    expect(examples).toEqual([
      'line 1, Region: Region is not a FOCUS 1.0 column: it was kept as an extra column.',
      'line 4, ContractedCost: ContractedCost holds "NULL": loaded as null.',
      'line 9, ContractedCost: ContractedCost holds "NULL": loaded as null.',
      '…and 5 more.',
    ]);
  });

  it('shows nothing for a file without warnings', async () => {
    const el = await render([]);
    expect(el.querySelector('[data-testid="cost-file-warnings"]')).toBeNull();
  });
});
