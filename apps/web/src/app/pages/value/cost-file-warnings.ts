import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CostFileError, CostFileWarning, CostFileWarningKind } from '@apex/contracts';

/** What each kind of warning means to the person who uploaded the file. */
export const WARNING_KIND_LABELS: Record<CostFileWarningKind, string> = {
  unknown_column: 'Columns FOCUS does not name, kept as extra columns',
  null_in_required_column: 'Empty or NULL where FOCUS asks for a value, in columns no figure uses',
  value_not_allowed: "Values outside FOCUS's list, in columns no amount depends on",
  spreadsheet_number: 'Amounts written as a spreadsheet shows them ($1,000.00), read exactly',
  spreadsheet_date: 'Dates written as a spreadsheet writes them (4/1/25), read in the order the billing period shows',
};

export function describeWarningExample(example: CostFileError): string {
  const where = [example.line === null ? null : `line ${example.line}`, example.column].filter(Boolean).join(', ');
  return where ? `${where}: ${example.message}` : example.message;
}

/** The warnings a file loaded with, by kind, with the first places of each; nothing when it had none. */
@Component({
  selector: 'apex-cost-file-warnings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (warnings().length > 0) {
      <details class="warnings" data-testid="cost-file-warnings">
        <summary>Loaded with {{ total() }} {{ total() === 1 ? 'warning' : 'warnings' }}: no amount was changed.</summary>
        <ul>
          @for (warning of warnings(); track warning.kind) {
            <li>
              <strong>{{ label(warning) }}</strong> · {{ warning.count }}
              <ul class="examples">
                @for (example of warning.examples; track $index) {
                  <li>{{ describe(example) }}</li>
                }
                @if (warning.count > warning.examples.length) {
                  <li class="muted">…and {{ warning.count - warning.examples.length }} more.</li>
                }
              </ul>
            </li>
          }
        </ul>
      </details>
    }
  `,
  styles: `
    .warnings { margin: 8px 0 0; }
    .warnings summary { cursor: pointer; }
    .warnings ul { margin: 4px 0; padding-left: 20px; }
    .examples { font: var(--mat-sys-body-small); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CostFileWarnings {
  readonly warnings = input.required<CostFileWarning[]>();

  protected total(): number {
    return this.warnings().reduce((sum, warning) => sum + warning.count, 0);
  }

  protected label(warning: CostFileWarning): string {
    return WARNING_KIND_LABELS[warning.kind] ?? warning.kind;
  }

  protected describe(example: CostFileError): string {
    return describeWarningExample(example);
  }
}
