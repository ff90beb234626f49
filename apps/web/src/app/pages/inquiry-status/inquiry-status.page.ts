import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { of, switchMap } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { EnterpriseInquiryStatus } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { INITIAL_POLL_STATE, InquiryPollState, pollInquiry } from './inquiry-poll';
import { InquirySteps } from './inquiry-steps';

/** Follows one Enterprise inquiry until its acknowledgement email has gone out. */
@Component({
  selector: 'apex-inquiry-status-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, InquirySteps],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './inquiry-status.page.html',
  styleUrl: './inquiry-status.page.scss',
})
export class InquiryStatusPage {
  private readonly api = inject(ApiClient);

  /** The inquiry's reference, from the route. */
  readonly id = input.required<string>();

  /** The inquiry's status token, from the `token` query parameter (the form's redirect or the email's link). */
  readonly token = input<string, string | undefined>('', { transform: (value) => value ?? '' });

  /** Set by the form when the API answered that an identical inquiry was already on record. */
  protected readonly alreadyOnRecord = (inject(Location).getState() as { alreadyOnRecord?: boolean } | null)?.alreadyOnRecord === true;

  protected readonly state = toSignal(
    toObservable(computed(() => ({ id: this.id(), token: this.token() }))).pipe(
      // Without a token there is nothing the API would show: a repeat submission says so in its note, any other link is unknown.
      switchMap(({ id, token }) =>
        token ? pollInquiry(() => this.api.getEnterpriseInquiry(id, token)) : of<InquiryPollState>({ ...INITIAL_POLL_STATE, notFound: !this.alreadyOnRecord }),
      ),
    ),
    { initialValue: INITIAL_POLL_STATE },
  );

  protected readonly view = computed(() => this.state().view);
  protected readonly status = computed<EnterpriseInquiryStatus | null>(() => this.view()?.status ?? null);
}
