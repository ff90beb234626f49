import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { ProofView } from '@apex/contracts';
import { LoadState } from '../value/load-state';
import { loadOnChange, valueOf } from '../value/loadable';
import { formatDay, formatMoney } from '../value/value-format';
import { STATUS_WORDS, VERDICT_WORDS } from './proof-format';
import { ProofsApi } from './proofs-api';

/** The organisation's proofs of savings, newest first, each opening its report. */
@Component({
  selector: 'apex-proofs-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page list-page" aria-labelledby="proofs-title">
      <h1 id="proofs-title">Proofs of savings</h1>
      <p class="lede">
        Each implemented recommendation is measured against a baseline of the days before it. Only a verified proof is a saving; the others say plainly why not.
      </p>
      <apex-load-state [loadable]="proofs()" label="Loading your proofs" />
      @if (list(); as proofs) {
        @if (proofs.length === 0) {
          <mat-card appearance="outlined" class="empty" data-testid="proofs-empty">
            <h2>No proofs yet</h2>
            <p>A proof starts when you mark a recommendation implemented, with the day the change took effect.</p>
            <div><a mat-flat-button routerLink="/app/runs">See your recommendations</a></div>
          </mat-card>
        } @else {
          <div class="scroll">
            <table>
              <caption class="visually-hidden">Proofs of your organisation</caption>
              <thead>
                <tr>
                  <th scope="col">Implemented on</th>
                  <th scope="col">Status</th>
                  <th scope="col">Verdict</th>
                  <th scope="col" class="num">Measured difference</th>
                  <th scope="col">Reporting ends on</th>
                  <th scope="col"><span class="visually-hidden">Report</span></th>
                </tr>
              </thead>
              <tbody>
                @for (proof of proofs; track proof.id) {
                  <tr data-testid="proof-row">
                    <td>{{ day(proof.implementedOn) }}</td>
                    <td data-testid="proof-status">{{ status(proof) }}</td>
                    <td data-testid="proof-verdict-cell">{{ proof.verdict ? verdict(proof) : '—' }}</td>
                    <td class="num" data-testid="proof-savings-cell">{{ savings(proof) }}</td>
                    <td>{{ day(proof.reportingEndsOn) }}</td>
                    <td class="action"><a mat-button [routerLink]="['/app/proofs', proof.id]">Open report</a></td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
    </section>
  `,
  styleUrls: ['../../shared/list-page.css', '../../shared/data-table.css'],
  styles: `
    .empty { padding: 24px; background: var(--mat-sys-surface-container-low); }
    .empty p { margin: 0 0 16px; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  `,
})
export class ProofsPage {
  private readonly api = inject(ProofsApi);
  protected readonly proofs = loadOnChange(
    () => 'all',
    () => this.api.list(),
  );
  protected readonly list = () => valueOf(this.proofs());
  protected readonly day = formatDay;

  protected status(proof: ProofView): string {
    return STATUS_WORDS[proof.status];
  }

  protected verdict(proof: ProofView): string {
    return proof.verdict ? VERDICT_WORDS[proof.verdict].title : '—';
  }

  /** A finished proof's measured difference with its 68 % band (a saving only where the verdict says verified); a measuring one's reading so far, labelled interim. */
  protected savings(proof: ProofView): string {
    const report = proof.signed?.report;
    if (report && proof.verdict !== 'insufficient_baseline') {
      const band = report.uncertainty.at68 === null ? '' : ` ±${formatMoney(report.uncertainty.at68, proof.currency)}`;
      return `${formatMoney(report.savings, proof.currency)}${band}`;
    }
    if (proof.interim) return `${formatMoney(proof.interim.savings, proof.currency)} (interim)`;
    return '—';
  }
}
