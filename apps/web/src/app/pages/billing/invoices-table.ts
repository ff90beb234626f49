import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { InvoiceView } from '@apex/contracts';
import { formatMoney, invoiceStatusLabel } from './billing-format';

/** The organisation's Stripe invoices, newest first as the API lists them, each with its page on Stripe. */
@Component({
  selector: 'apex-invoices-table',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (invoices().length === 0) {
      <p class="empty" data-testid="no-invoices">No invoices yet. Stripe issues one at the start of each paid period.</p>
    } @else {
      <div class="scroll">
        <table>
          <caption class="visually-hidden">Invoices</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Invoice</th>
              <th scope="col">Period</th>
              <th scope="col" class="num">Amount</th>
              <th scope="col">Status</th>
              <th scope="col"><span class="visually-hidden">Link</span></th>
            </tr>
          </thead>
          <tbody>
            @for (invoice of invoices(); track invoice.id) {
              <tr data-testid="invoice-row">
                <td>{{ invoice.createdAt | date: 'd MMM y' }}</td>
                <th scope="row">{{ invoice.number ?? '—' }}</th>
                <td>
                  @if (invoice.periodStart && invoice.periodEnd) {
                    @let start = invoice.periodStart | date: 'd MMM y';
                    @let end = invoice.periodEnd | date: 'd MMM y';
                    @if (start === end) {
                      {{ end }}
                    } @else {
                      {{ invoice.periodStart | date: 'd MMM' }} – {{ end }}
                    }
                  } @else {
                    —
                  }
                </td>
                <td class="num">{{ amount(invoice) }}</td>
                <td><span class="status" [attr.data-status]="invoice.status">{{ status(invoice) }}</span></td>
                <td class="action">
                  @if (invoice.hostedInvoiceUrl; as url) {
                    <a [href]="url" target="_blank" rel="noopener noreferrer">View<span class="visually-hidden"> invoice {{ invoice.number ?? '' }} on Stripe</span></a>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: '../../shared/data-table.css',
  styles: `
    .empty { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .action { width: 1%; white-space: nowrap; }
    .status { padding: 2px 8px; border-radius: 999px; background: var(--mat-sys-surface-container-high); font: var(--mat-sys-label-medium); }
    .status[data-status='paid'] { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .status[data-status='open'], .status[data-status='uncollectible'] { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class InvoicesTable {
  readonly invoices = input.required<InvoiceView[]>();

  /** What the invoice asks for; once paid, what was paid. */
  protected amount(invoice: InvoiceView): string {
    return formatMoney(invoice.status === 'paid' ? invoice.amountPaidCents : invoice.amountDueCents, invoice.currency);
  }

  protected status(invoice: InvoiceView): string {
    return invoiceStatusLabel(invoice.status);
  }
}
