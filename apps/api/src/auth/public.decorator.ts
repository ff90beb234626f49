import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'apex:public';

/** The route needs no credentials; everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
