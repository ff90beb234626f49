import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PriceBookDiff, PriceBookEntryKey } from '@apex/contracts';

/** How many changes the page lists before it says how many more there are. */
export const DIFF_ROWS_SHOWN = 200;

const entryName = (entry: PriceBookEntryKey) => `${entry.provider} / ${entry.model}${entry.effectiveFrom ? ` (from ${entry.effectiveFrom})` : ''}`;

/** What activating a version would change: entries added and removed, and each changed field with its old and new value. */
@Component({
  selector: 'apex-price-book-diff-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let d = diff();
    <p data-testid="diff-summary">
      Against {{ d.from === null ? 'no active version' : 'active version ' + d.from }}: {{ d.added.length }} added, {{ d.removed.length }} removed,
      {{ d.changed.length }} changed {{ d.changed.length === 1 ? 'field' : 'fields' }}.
    </p>
    @if (d.changed.length) {
      <div class="scroll">
        <table data-testid="diff-changes">
          <caption class="visually-hidden">Changed fields</caption>
          <thead>
            <tr><th scope="col">Model</th><th scope="col">Field</th><th scope="col" class="number">Before</th><th scope="col" class="number">After</th></tr>
          </thead>
          <tbody>
            @for (c of changedShown(); track $index) {
              <tr><th scope="row">{{ name(c) }}</th><td><code>{{ c.field }}</code></td><td class="number">{{ c.before ?? '—' }}</td><td class="number">{{ c.after ?? '—' }}</td></tr>
            }
          </tbody>
        </table>
      </div>
      @if (d.changed.length > shown) {
        <p class="more">and {{ d.changed.length - shown }} more changed fields.</p>
      }
    }
    @if (d.added.length) {
      <h4>Added</h4>
      <p class="names" data-testid="diff-added">{{ names(d.added) }}</p>
    }
    @if (d.removed.length) {
      <h4>Removed</h4>
      <p class="names" data-testid="diff-removed">{{ names(d.removed) }}</p>
    }
  `,
  styleUrls: ['../../../shared/data-table.css'],
  styles: `
    .number { text-align: right; }
    .more, .names { color: var(--mat-sys-on-surface-variant); }
    .names { max-height: 160px; overflow: auto; }
    h4 { margin: 16px 0 4px; font: var(--mat-sys-title-small); }
  `,
})
export class PriceBookDiffTable {
  readonly diff = input.required<PriceBookDiff>();
  protected readonly shown = DIFF_ROWS_SHOWN;
  protected readonly changedShown = computed(() => this.diff().changed.slice(0, DIFF_ROWS_SHOWN));
  protected readonly name = entryName;

  protected names(entries: PriceBookEntryKey[]): string {
    const listed = entries.slice(0, DIFF_ROWS_SHOWN).map(entryName).join(', ');
    return entries.length > DIFF_ROWS_SHOWN ? `${listed}, and ${entries.length - DIFF_ROWS_SHOWN} more` : listed;
  }
}
