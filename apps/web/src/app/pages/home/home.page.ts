import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { HomePlanCards } from './plan-cards';

@Component({
  selector: 'apex-home-page',
  imports: [RouterLink, MatButtonModule, HomePlanCards],
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
        <a mat-flat-button routerLink="/try">See your potential savings</a>
        <a mat-stroked-button routerLink="/enterprise">Talk to sales</a>
        <a mat-button routerLink="/plans">Compare plans</a>
      </div>
    </section>

    <section id="plans" class="plans page" aria-labelledby="plans-title">
      <h2 id="plans-title">Plans and pricing</h2>
      <apex-home-plan-cards />
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
    @media (max-width: 600px) { .hero { padding-block: 40px 24px; } h1 { font: var(--mat-sys-headline-large); } }
  `,
})
export class HomePage {}
