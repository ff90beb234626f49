import { Routes } from '@angular/router';

export const PROOFS_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./proofs.page').then((m) => m.ProofsPage) },
  { path: ':id', title: 'Proof of savings — Apex', loadComponent: () => import('./proof-report.page').then((m) => m.ProofReportPage) },
];
