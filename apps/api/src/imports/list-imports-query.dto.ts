import { PageQueryDto } from '@app/common';

/** Imports newest first: `limit` (1–500, default 50) and `cursor`, as every list. */
export class ListImportsQueryDto extends PageQueryDto {}
