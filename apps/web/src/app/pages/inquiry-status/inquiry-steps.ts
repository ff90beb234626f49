import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EnterpriseInquiryStatus } from '@apex/contracts';

type StepState = 'done' | 'current' | 'pending';

interface Step {
  label: string;
  detail: string;
  state: StepState;
}

const ORDER: Record<EnterpriseInquiryStatus, number> = { processing: 0, received: 1, acknowledged: 2 };

/** Where an inquiry stands, as a vertical list of steps: sent → received → acknowledged. */
@Component({
  selector: 'apex-inquiry-steps',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="steps" aria-label="Progress">
      @for (step of steps(); track step.label) {
        <li [class]="step.state" [attr.aria-current]="step.state === 'current' ? 'step' : null">
          <span class="marker" aria-hidden="true">
            @if (step.state === 'done') {
              <svg viewBox="0 0 24 24"><path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" /></svg>
            } @else {
              {{ $index + 1 }}
            }
          </span>
          <span class="text">
            <span class="label">{{ step.label }}</span>
            <span class="detail">{{ step.detail }}</span>
            <span class="visually-hidden">({{ step.state === 'done' ? 'done' : step.state === 'current' ? 'in progress' : 'not yet' }})</span>
          </span>
        </li>
      }
    </ol>
  `,
  styles: `
    .steps { margin: 0; padding: 0; list-style: none; }
    li { position: relative; display: flex; gap: 16px; padding-bottom: 24px; }
    li:last-child { padding-bottom: 0; }
    li:not(:last-child)::before {
      content: ''; position: absolute; left: 15px; top: 36px; bottom: 4px; width: 2px;
      background: var(--mat-sys-outline-variant);
    }
    li.done:not(:last-child)::before { background: var(--mat-sys-primary); }
    .marker {
      flex: none; display: grid; place-items: center; width: 32px; height: 32px; border-radius: 50%;
      box-sizing: border-box; border: 2px solid var(--mat-sys-outline-variant);
      color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-large);
    }
    .done .marker { border-color: var(--mat-sys-primary); background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .current .marker { border-color: var(--mat-sys-primary); color: var(--mat-sys-primary); animation: pulse 1.6s ease-in-out infinite; }
    svg { width: 18px; height: 18px; fill: currentColor; }
    .text { display: flex; flex-direction: column; gap: 2px; padding-top: 5px; }
    .label { font: var(--mat-sys-title-small); }
    .pending .label { color: var(--mat-sys-on-surface-variant); }
    .detail { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    @keyframes pulse { 50% { box-shadow: 0 0 0 6px color-mix(in srgb, var(--mat-sys-primary) 18%, transparent); } }
    @media (prefers-reduced-motion: reduce) { .current .marker { animation: none; } }
  `,
})
export class InquirySteps {
  readonly status = input.required<EnterpriseInquiryStatus>();

  protected readonly steps = computed<Step[]>(() => {
    const reached = ORDER[this.status()];
    const state = (order: number): StepState => (reached >= order ? 'done' : reached === order - 1 ? 'current' : 'pending');
    return [
      { label: 'Sent', detail: 'Your inquiry reached Apex.', state: 'done' },
      { label: 'Received', detail: 'We have recorded your inquiry.', state: state(1) },
      { label: 'Acknowledged', detail: 'We have emailed you a confirmation.', state: state(2) },
    ];
  });
}
