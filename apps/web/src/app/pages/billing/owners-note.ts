import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import type { MemberView } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';

/** Tells someone who is not an owner who can do what they cannot: "Only an owner can buy a plan: Grace Hopper (grace@…)." */
@Component({
  selector: 'apex-owners-note',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="banner" data-testid="owners-note">
      Only an owner can {{ action() }}.
      @if (owners(); as owners) {
        Ask {{ owners }}.
      }
    </p>
  `,
})
export class OwnersNote {
  private readonly api = inject(ApiClient);
  /** What only an owner can do, e.g. "buy a plan or start a trial". */
  readonly action = input.required<string>();

  private readonly members = signal<MemberView[] | null>(null);
  protected readonly owners = computed(() => {
    const owners = (this.members() ?? []).filter((member) => member.role === 'owner').map((owner) => `${owner.name} (${owner.email})`);
    if (owners.length <= 1) return owners[0] ?? '';
    return `${owners.slice(0, -1).join(', ')} or ${owners[owners.length - 1]}`;
  });

  constructor() {
    // Without the list the sentence still says what is needed; naming the owners is a help, not a requirement.
    this.api.members().subscribe({ next: (members) => this.members.set(members), error: () => undefined });
  }
}
