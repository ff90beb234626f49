import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { TIERS } from './tiers';

@Component({
  selector: 'apex-home-page',
  imports: [RouterLink, MatButtonModule, MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="hero page" aria-labelledby="hero-title">
      <p class="eyebrow">AI cost optimisation</p>
      <h1 id="hero-title">Spend less on AI, without guessing where the money goes.</h1>
      <p class="lede">
        Apex measures what your company spends on AI across models and providers, shows where that money goes, and
        cuts the spend that doesn't pay off. Early and Mid plans cost a small share of the AI spend Apex measures,
        capped at a flat monthly fee; Enterprise terms are agreed with our sales team.
      </p>
      <div class="actions">
        <a mat-flat-button routerLink="/enterprise">Talk to sales</a>
        <a mat-button routerLink="/" fragment="plans">Compare plans</a>
      </div>
    </section>

    <section id="plans" class="plans page" aria-labelledby="plans-title">
      <h2 id="plans-title">Plans and pricing</h2>
      <ul class="tiers" role="list">
        @for (tier of tiers; track tier.id) {
          <li>
            <mat-card appearance="outlined" class="tier" [class.tier--enterprise]="tier.id === 'enterprise'">
              <mat-card-header>
                <mat-card-title><h3>{{ tier.name }}</h3></mat-card-title>
                <mat-card-subtitle>{{ tier.audience }}</mat-card-subtitle>
              </mat-card-header>
              <mat-card-content>
                <p class="price">
                  {{ tier.price }}@if (tier.unit) {<span class="unit">{{ tier.unit }}</span>}
                </p>
                <p class="terms">{{ tier.terms }}</p>
              </mat-card-content>
              @if (tier.id === 'enterprise') {
                <mat-card-actions>
                  <a mat-stroked-button routerLink="/enterprise">Contact us</a>
                </mat-card-actions>
              }
            </mat-card>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .hero { padding-block: 72px 40px; }
    .hero > * { max-width: 820px; }
    .eyebrow { margin: 0 0 12px; color: var(--mat-sys-primary); font: var(--mat-sys-label-large); text-transform: uppercase; letter-spacing: 0.08em; }
    h1 { margin: 0 0 20px; font: var(--mat-sys-display-medium); letter-spacing: -0.02em; }
    .lede { margin: 0 0 32px; max-width: 68ch; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; flex-wrap: wrap; gap: 12px; }
    .plans { padding-block: 16px 64px; }
    h2 { margin: 0 0 20px; font: var(--mat-sys-headline-small); }
    .tiers { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 16px; margin: 0; padding: 0; list-style: none; }
    .tier { height: 100%; box-sizing: border-box; padding-block: 8px; }
    .tier--enterprise { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); border-color: transparent; }
    .tier--enterprise mat-card-subtitle { color: inherit; opacity: 0.85; }
    h3 { margin: 0; font: var(--mat-sys-title-large); }
    .price { margin: 16px 0 4px; font: var(--mat-sys-headline-large); font-weight: 600; }
    .unit { margin-left: 2px; font: var(--mat-sys-title-medium); color: inherit; opacity: 0.75; }
    .terms { margin: 0; font: var(--mat-sys-body-medium); }
    mat-card-content { flex: 1; }
    mat-card-actions { padding: 8px 16px 8px; }
    @media (max-width: 600px) { .hero { padding-block: 40px 24px; } h1 { font: var(--mat-sys-headline-large); } }
  `,
})
export class HomePage {
  protected readonly tiers = TIERS;
}
