import { Routes } from '@angular/router';

export const RUNS_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./runs.page').then((m) => m.RunsPage) },
  { path: ':id', title: 'Run report — Apex', loadComponent: () => import('./run-report.page').then((m) => m.RunReportPage) },
];
