import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { switchMap } from 'rxjs';
import type { MemberView, Role } from '@apex/contracts';
import { ApiClient } from '../../core/api-client';
import { AuthService } from '../../core/auth/auth.service';
import { PageFailure } from '../../core/page-failure';
import { askToConfirm, ConfirmData } from '../../shared/confirm.dialog';
import { GatedNotice } from '../../shared/gated-notice';
import { InviteForm } from './invite-form';

const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

/** The organisation's people: invite, change roles, remove. Members only see the list. */
@Component({
  selector: 'apex-members-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, MatFormFieldModule, MatProgressBarModule, MatSelectModule, GatedNotice, InviteForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page list-page" aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <p class="lede">Everyone in {{ me()?.organization?.name }} who can use Apex.</p>

      @if (canManage()) {
        <mat-card appearance="outlined" class="add-card">
          <h2>Invite a teammate</h2>
          <apex-invite-form />
        </mat-card>
      }

      <div aria-live="polite">
        @if (failure.error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
      </div>

      @if (failure.gated(); as block) {
        <apex-gated-notice [block]="block" />
      } @else if (members(); as members) {
        <div class="scroll">
          <table>
            <caption class="visually-hidden">Members of {{ me()?.organization?.name }}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (member of members; track member.userId) {
                @let isMe = member.userId === me()?.user?.id;
                <tr>
                  <th scope="row">
                    {{ member.name }}
                    @if (isMe) {
                      <span class="you">(you)</span>
                    }
                  </th>
                  <td>{{ member.email }}</td>
                  <td>
                    @if (canChangeRoles() && !isMe) {
                      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="role">
                        <mat-select
                          [value]="member.role"
                          (selectionChange)="changeRole(member, $event.value)"
                          [aria-label]="'Role of ' + member.name"
                        >
                          <mat-option value="member">Member</mat-option>
                          <mat-option value="admin">Admin</mat-option>
                          <mat-option value="owner">Owner</mat-option>
                        </mat-select>
                      </mat-form-field>
                    } @else {
                      {{ roleLabel(member.role) }}
                    }
                  </td>
                  <td>{{ member.joinedAt | date: 'mediumDate' }}</td>
                  <td class="action">
                    @if (canRemove(member) && !isMe) {
                      <button mat-button type="button" (click)="remove(member)" [attr.aria-label]="'Remove ' + member.name">Remove</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else if (!failure.error()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading members" />
      }
    </section>
  `,
  styleUrls: ['../../shared/list-page.css', '../../shared/data-table.css'],
  styles: `
    .you { color: var(--mat-sys-on-surface-variant); font-weight: 400; }
    .role { width: 140px; }
  `,
})
export class MembersPage {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  protected readonly me = inject(AuthService).me;

  protected readonly members = signal<MemberView[] | null>(null);
  protected readonly failure = new PageFailure();
  /** Owners and admins invite and remove; only owners change roles or remove another owner. */
  protected readonly canManage = computed(() => this.me()?.role === 'owner' || this.me()?.role === 'admin');
  protected readonly canChangeRoles = computed(() => this.me()?.role === 'owner');

  protected canRemove(member: MemberView): boolean {
    return this.canManage() && (member.role !== 'owner' || this.canChangeRoles());
  }

  constructor() {
    this.load();
  }

  protected roleLabel(role: Role): string {
    return ROLE_LABELS[role];
  }

  private load(): void {
    this.api.members().subscribe({
      next: (members) => this.members.set(members),
      error: (error: unknown) => this.failure.show(error),
    });
  }

  protected changeRole(member: MemberView, role: Role): void {
    this.failure.error.set(null);
    this.api.changeRole(member.userId, role).subscribe({
      next: () => this.load(),
      error: (error: unknown) => {
        this.failure.show(error);
        // Put the select back to what the server has.
        this.load();
      },
    });
  }

  protected remove(member: MemberView): void {
    this.failure.error.set(null);
    const data: ConfirmData = {
      title: `Remove ${member.name}?`,
      message: `${member.name} (${member.email}) loses access to ${this.me()?.organization.name ?? 'this organisation'} at once.`,
      confirm: 'Remove',
    };
    askToConfirm(this.dialog, data)
      .pipe(switchMap(() => this.api.removeMember(member.userId)))
      .subscribe({
        next: () => this.load(),
        error: (error: unknown) => this.failure.show(error),
      });
  }
}
