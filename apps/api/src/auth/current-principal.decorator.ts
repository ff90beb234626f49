import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@apex/contracts';

export type RequestWithPrincipal = { principal?: Principal };

/** The authenticated caller of a guarded route. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<RequestWithPrincipal>().principal!,
);
