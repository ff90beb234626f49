import { Routes } from '@angular/router';

export const VALUE_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./value.page').then((m) => m.ValuePage),
  },
];
