import { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', title: 'Apex — cut your AI spend', loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage) },
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
  { path: '**', title: 'Page not found — Apex', loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage) },
];
