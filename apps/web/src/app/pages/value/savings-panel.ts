import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { catchError, map, of } from 'rxjs';
import { ValueApi } from './value-api';

const HEADLINE = 'Nothing is proven yet.';

/** Savings and ROI: what the API says about proof, and never a number until a proof run has measured one. */
@Component({
  selector: 'apex-savings-panel',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card savings" data-testid="savings-panel">
      <h2>Savings and ROI</h2>
      <p class="headline">Nothing is proven yet</p>
      <p class="muted">{{ detail() }}</p>
    </mat-card>
  `,
  styleUrls: ['./value.css'],
  styles: `
    .savings { height: 100%; box-sizing: border-box; }
    h2 { margin-bottom: 8px; }
    .headline { margin: 0 0 4px; font: var(--mat-sys-title-medium); }
    p { margin: 0; }
  `,
})
export class SavingsPanel {
  protected readonly detail = toSignal(
    inject(ValueApi)
      .savings()
      .pipe(
        map((savings) => savings.message.replace(HEADLINE, '').trim()),
        catchError(() => of('Savings and ROI appear here only once a proof run has measured them against your own cost data.')),
      ),
    { initialValue: '' },
  );
}
