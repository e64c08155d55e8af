import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { SeedRegions1764230400001 } from './1764230400001-seed-regions';

/** Listed explicitly (not globbed) so the same list works from ts-jest, ts-node and compiled JS. */
export const MIGRATIONS = [InitialSchema1764230400000, SeedRegions1764230400001];
