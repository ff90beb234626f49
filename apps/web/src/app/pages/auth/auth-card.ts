import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** The centred card every sign-in page uses: a heading, a line of context, then the form. */
@Component({
  selector: 'apex-auth-card',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page auth" [attr.aria-labelledby]="headingId()">
      <mat-card appearance="outlined" class="card">
        <h1 [id]="headingId()">{{ heading() }}</h1>
        @if (lede(); as lede) {
          <p class="lede">{{ lede }}</p>
        }
        <ng-content />
      </mat-card>
    </section>
  `,
  styles: `
    .auth { display: flex; justify-content: center; padding-block: 56px 64px; }
    .card { width: 100%; max-width: 460px; padding: 32px; box-sizing: border-box; }
    h1 { margin: 0 0 8px; font: var(--mat-sys-headline-medium); }
    .lede { margin: 0 0 24px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
  `,
})
export class AuthCard {
  readonly heading = input.required<string>();
  readonly lede = input<string | null>(null);
  readonly headingId = input('auth-title');
}
