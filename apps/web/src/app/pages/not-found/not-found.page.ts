import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';

@Component({
  selector: 'apex-not-found-page',
  imports: [RouterLink, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page not-found" aria-labelledby="not-found-title">
      <p class="code" aria-hidden="true">404</p>
      <h1 id="not-found-title">Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <a mat-flat-button routerLink="/">Back to the home page</a>
    </section>
  `,
  styles: `
    .not-found { padding-block: 96px; text-align: center; }
    .code { margin: 0; font: var(--mat-sys-display-large); font-weight: 700; color: var(--mat-sys-primary); }
    h1 { margin: 8px 0 12px; font: var(--mat-sys-headline-medium); }
    p { margin: 0 0 28px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
  `,
})
export class NotFoundPage {}
