import { inject, Injectable, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { BillingOverview } from '@apex/contracts';
import { BillingApi } from './billing-api';

/**
 * The organisation's billing as last read from GET /billing, shared by the shell's trial banner and the billing
 * pages: whichever loads it, the others show the same answer.
 */
@Injectable({ providedIn: 'root' })
export class BillingStatus {
  private readonly api = inject(BillingApi);
  private readonly latest = signal<BillingOverview | null>(null);

  readonly overview = this.latest.asReadonly();

  /** Reads the overview again; the caller decides what a failure means. */
  load(): Observable<BillingOverview> {
    return this.api.overview().pipe(tap((overview) => this.latest.set(overview)));
  }

  /** Forgets it (on signing out), so another account never sees it. */
  clear(): void {
    this.latest.set(null);
  }
}
