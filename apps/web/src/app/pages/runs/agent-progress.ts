import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { OptimizerAgent, RunProgress } from '@apex/contracts';
import { agentLabel } from './run-labels';

export type AgentState = 'done' | 'working' | 'waiting';

const STATE_LABELS: Record<AgentState, string> = { done: 'Done', working: 'Working', waiting: 'Waiting' };

/** Each planned agent's state in the run so far. */
export function agentStates(progress: RunProgress): Array<{ agent: OptimizerAgent; state: AgentState }> {
  return progress.planned.map((agent) => ({
    agent,
    state: progress.completed.includes(agent) ? 'done' : progress.agent === agent ? 'working' : 'waiting',
  }));
}

/** A working run's agents in order, as a stepper: done, working or waiting, and the findings so far. */
@Component({
  selector: 'apex-agent-progress',
  imports: [MatProgressBarModule, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-progress-bar mode="determinate" [value]="percent()" [attr.aria-label]="'Agents done: ' + doneCount() + ' of ' + steps().length" />
    <ol class="steps" aria-label="Agents of this run">
      @for (step of steps(); track step.agent; let i = $index) {
        <li class="step" [class]="step.state" data-testid="agent-step" [attr.aria-current]="step.state === 'working' ? 'step' : null">
          <span class="mark" aria-hidden="true">
            @switch (step.state) {
              @case ('done') { ✓ }
              @case ('working') { <mat-spinner diameter="18" strokeWidth="3" /> }
              @default { {{ i + 1 }} }
            }
          </span>
          <span class="name">{{ label(step.agent) }}</span>
          <span class="state" data-testid="agent-state">{{ stateLabel(step.state) }}</span>
        </li>
      }
    </ol>
    <p class="findings" data-testid="findings-so-far">{{ findingsLine() }}</p>
  `,
  styles: `
    :host { display: block; }
    .steps { list-style: none; margin: 16px 0 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 8px; }
    .step { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; padding: 10px; border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant); min-width: 0; }
    .mark { display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 50%;
      font: var(--mat-sys-label-large); background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface-variant); }
    .done .mark { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .working { border-color: var(--mat-sys-primary); background: var(--mat-sys-primary-container); }
    .working .mark { background: transparent; }
    .name { font: var(--mat-sys-label-large); overflow-wrap: anywhere; }
    .state { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .waiting .name { color: var(--mat-sys-on-surface-variant); }
    .findings { margin: 12px 0 0; font: var(--mat-sys-body-medium); }
  `,
})
export class AgentProgress {
  readonly progress = input.required<RunProgress>();

  protected readonly steps = computed(() => agentStates(this.progress()));
  protected readonly doneCount = computed(() => this.steps().filter((s) => s.state === 'done').length);
  protected readonly percent = computed(() => (this.steps().length === 0 ? 0 : Math.round((this.doneCount() / this.steps().length) * 100)));
  protected readonly findingsLine = computed(() => {
    const n = this.progress().findings;
    return n === 0 ? 'No findings yet.' : `${n} finding${n === 1 ? '' : 's'} so far.`;
  });

  protected label(agent: OptimizerAgent): string {
    return agentLabel(agent);
  }

  protected stateLabel(state: AgentState): string {
    return STATE_LABELS[state];
  }
}
