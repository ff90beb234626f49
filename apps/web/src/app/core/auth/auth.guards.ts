import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Pages for signed-in users: without a session, log in first and come back. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const signedIn = await inject(AuthService).restore();
  return signedIn || router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Log-in and sign-up pages: someone already signed in goes to the dashboard. */
export const signedOutGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const signedIn = await inject(AuthService).restore();
  return signedIn ? router.createUrlTree(['/app']) : true;
};

/** Pages for Apex operators only: anyone else goes to their dashboard. */
export const operatorGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const signedIn = await auth.restore();
  return (signedIn && auth.me()?.user.isOperator === true) || router.createUrlTree(['/app']);
};
