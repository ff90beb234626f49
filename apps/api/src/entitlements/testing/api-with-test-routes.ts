import { Type } from '@nestjs/common';
import { ApiUnderTest, startApiUnderTest } from '../../testing/api-under-test';

/**
 * The API as main.ts builds it, plus controllers that exist only in a test:
 * they get the same global guards, interceptors and filters as every route.
 */
export function startApiWithTestRoutes(env: Record<string, string>, controllers: Type[]): Promise<ApiUnderTest> {
  return startApiUnderTest(env, { controllers });
}
