import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';
import { operatorGuard, signedInGuard, signedOutGuard } from './core/auth/auth.guards';

export const routes: Routes = [
  { path: '', title: 'Apex — cut your AI spend', loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage) },
  { path: 'plans', title: 'Compare plans — Apex', loadComponent: () => import('./pages/plans/plans.page').then((m) => m.PlansPage) },
  {
    path: 'enterprise',
    title: 'Talk to sales — Apex',
    loadComponent: () => import('./pages/enterprise/enterprise-form.page').then((m) => m.EnterpriseFormPage),
  },
  {
    path: 'enterprise/inquiries/:id',
    title: 'Your inquiry — Apex',
    loadComponent: () => import('./pages/inquiry-status/inquiry-status.page').then((m) => m.InquiryStatusPage),
  },
  // ROI before sign-up: a prospect's file analysed in a sandbox, no log-in.
  { path: 'try', title: 'See your potential savings — Apex', loadComponent: () => import('./pages/try/try.page').then((m) => m.TryPage) },
  {
    path: 'signup',
    title: 'Create your account — Apex',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./pages/sign-up/sign-up.page').then((m) => m.SignUpPage),
  },
  {
    path: 'login',
    title: 'Log in — Apex',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./pages/log-in/log-in.page').then((m) => m.LogInPage),
  },
  {
    path: 'forgot-password',
    title: 'Reset your password — Apex',
    loadComponent: () => import('./pages/forgot-password/forgot-password.page').then((m) => m.ForgotPasswordPage),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password — Apex',
    loadComponent: () => import('./pages/reset-password/reset-password.page').then((m) => m.ResetPasswordPage),
  },
  {
    path: 'verify-email',
    title: 'Verify your email — Apex',
    loadComponent: () => import('./pages/verify-email/verify-email.page').then((m) => m.VerifyEmailPage),
  },
  {
    path: 'accept-invitation',
    title: 'Join your team — Apex',
    loadComponent: () => import('./pages/accept-invitation/accept-invitation.page').then((m) => m.AcceptInvitationPage),
  },
  // A shared proof's public page: no log-in, outside the signed-in shell.
  {
    path: 'proof/:token',
    title: 'Proof of savings — Apex',
    loadComponent: () => import('./pages/public-proof/public-proof.page').then((m) => m.PublicProofPage),
  },
  {
    path: 'app',
    canActivate: [signedInGuard],
    canActivateChild: [signedInGuard],
    children: [
      { path: '', title: 'Dashboard — Apex', loadComponent: () => import('./pages/dashboard/dashboard.page').then((m) => m.DashboardPage) },
      { path: 'members', title: 'Members — Apex', loadComponent: () => import('./pages/members/members.page').then((m) => m.MembersPage) },
      { path: 'api-keys', title: 'API keys — Apex', loadComponent: () => import('./pages/api-keys/api-keys.page').then((m) => m.ApiKeysPage) },
      { path: 'value', title: 'AI spend and value — Apex', loadChildren: () => import('./pages/value/value.routes').then((m) => m.VALUE_ROUTES) },
      { path: 'runs', title: 'Runs — Apex', loadChildren: () => import('./pages/runs/runs.routes').then((m) => m.RUNS_ROUTES) },
      { path: 'proofs', title: 'Proofs of savings — Apex', loadChildren: () => import('./pages/proofs/proofs.routes').then((m) => m.PROOFS_ROUTES) },
      { path: 'roi', title: 'Your ROI — Apex', loadComponent: () => import('./pages/roi/roi.page').then((m) => m.RoiPage) },
      { path: 'billing', title: 'Billing — Apex', loadComponent: () => import('./pages/billing/billing.page').then((m) => m.BillingPage) },
      { path: 'upgrade', title: 'Upgrade — Apex', loadComponent: () => import('./pages/upgrade/upgrade.page').then((m) => m.UpgradePage) },
      {
        path: 'admin/organizations',
        title: 'Organisations — Apex operators',
        canActivate: [operatorGuard],
        loadComponent: () => import('./pages/admin/admin-organizations.page').then((m) => m.AdminOrganizationsPage),
      },
      {
        path: 'admin/price-book',
        title: 'Price book — Apex operators',
        canActivate: [operatorGuard],
        loadComponent: () => import('./pages/admin/price-book/price-book.page').then((m) => m.PriceBookPage),
      },
    ],
  },
  // Stripe sends the owner back to these (APP_URL/billing, APP_URL/upgrade), with ?checkout=… kept.
  { path: 'billing', redirectTo: ({ queryParams }) => inject(Router).createUrlTree(['/app/billing'], { queryParams }) },
  { path: 'upgrade', redirectTo: ({ queryParams }) => inject(Router).createUrlTree(['/app/upgrade'], { queryParams }) },
  { path: '**', title: 'Page not found — Apex', loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage) },
];
