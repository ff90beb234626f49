import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { FieldError, PriceBookVersionDetail } from '@apex/contracts';
import { fieldErrorsOf, problemMessage } from '../../../core/problem-message';
import { PriceBookApi, PriceFiles } from './price-book-api';

type FileKey = keyof PriceFiles;

/** Picks the two price files and imports them as a new draft version. */
@Component({
  selector: 'apex-price-files-form',
  imports: [MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (submit)="$event.preventDefault(); importFiles()" aria-label="Import a price-book version">
      <div class="files">
        <label class="file">
          <span class="name">LiteLLM <code>model_prices_and_context_window.json</code></span>
          <input type="file" accept=".json,application/json" data-testid="litellm-file" (change)="pick('litellm', $event)" />
        </label>
        <label class="file">
          <span class="name">genai-prices <code>data.json</code></span>
          <input type="file" accept=".json,application/json" data-testid="genai-prices-file" (change)="pick('genaiPrices', $event)" />
        </label>
      </div>
      <button mat-flat-button type="submit" [disabled]="!ready() || importing()">Import as a draft</button>
      @if (importing()) {
        <mat-progress-bar mode="indeterminate" aria-label="Importing the price files" />
      }
      <div aria-live="polite">
        @if (error(); as message) {
          <div class="banner banner--error" role="alert" data-testid="import-error">
            {{ message }}
            @if (fieldErrors().length) {
              <ul>
                @for (e of fieldErrors(); track e.field + e.message) {
                  <li><code>{{ e.field }}</code> {{ e.message }}</li>
                }
              </ul>
            }
          </div>
        }
      </div>
    </form>
  `,
  styles: `
    .files { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin-bottom: 12px; }
    .file { display: flex; flex-direction: column; gap: 6px; padding: 12px; border: 1px dashed var(--mat-sys-outline-variant); border-radius: 12px; }
    .name { font: var(--mat-sys-label-large); }
    mat-progress-bar { margin-top: 12px; }
    .banner { margin-top: 12px; }
    ul { margin: 8px 0 0; padding-left: 20px; }
  `,
})
export class PriceFilesForm {
  private readonly api = inject(PriceBookApi);
  readonly imported = output<PriceBookVersionDetail>();

  private readonly files = signal<Partial<PriceFiles>>({});
  protected readonly ready = computed(() => !!this.files().litellm && !!this.files().genaiPrices);
  protected readonly importing = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<FieldError[]>([]);

  protected async pick(key: FileKey, event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    const text = file ? await file.text() : undefined;
    this.files.update((files) => ({ ...files, [key]: text }));
  }

  protected importFiles(): void {
    const { litellm, genaiPrices } = this.files();
    if (!litellm || !genaiPrices) return;
    this.importing.set(true);
    this.error.set(null);
    this.fieldErrors.set([]);
    this.api.importVersion({ litellm, genaiPrices }).subscribe({
      next: (detail) => {
        this.importing.set(false);
        this.imported.emit(detail);
      },
      error: (error: unknown) => {
        this.importing.set(false);
        this.error.set(problemMessage(error));
        this.fieldErrors.set(fieldErrorsOf(error).slice(0, 20));
      },
    });
  }
}
