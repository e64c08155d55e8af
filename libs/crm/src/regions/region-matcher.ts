import { foldForSearch } from '@app/common';

/** The fields of a region that a person may use to name it. */
export interface RegionNames {
  id: number;
  code: string;
  letter: string;
  name: string;
  formerNames: readonly string[];
}

/** The ways people shorten a region's name: "Region Sörmland" → "sörmland", "Landstinget i Uppsala län" → "uppsala". */
function variants(folded: string): string[] {
  const out = new Set<string>([folded]);
  const stripped = folded
    .replace(/^(region|landstinget i|landstinget)\s+/, '')
    .replace(/\s+(lans landsting|landsting)$/, '');
  out.add(stripped);
  // "jonkopings lan" → "jonkoping": the genitive s belongs to the "län" form only.
  const withoutLan = stripped.replace(/\s+lan$/, '');
  if (withoutLan !== stripped) {
    out.add(withoutLan);
    out.add(withoutLan.replace(/s$/, ''));
  }
  if (/s$/.test(stripped) && folded.endsWith('lans landsting')) out.add(stripped.replace(/s$/, ''));
  // "vastra gotalandsregionen" → "vastra gotaland".
  const withoutRegionen = stripped.replace(/s?regionen$/, '');
  if (withoutRegionen !== stripped && withoutRegionen) out.add(withoutRegionen);
  return [...out].filter(Boolean);
}

/**
 * Builds a matcher from region names to regions: name, former name, shortened name, code ("03" or "3") or
 * letter ("D"), case- and diacritic-insensitive. Build it once; each lookup is one Map access.
 */
export function createRegionMatcher<R extends RegionNames>(
  regions: readonly R[],
): (text: string) => R | null {
  const byKey = new Map<string, R>();
  const ambiguous = new Set<string>();
  const add = (key: string, region: R): void => {
    const existing = byKey.get(key);
    if (existing && existing.id !== region.id) ambiguous.add(key);
    else byKey.set(key, region);
  };
  // Exact names first so a shortened form never shadows another region's full name.
  for (const r of regions) {
    add(foldForSearch(r.name), r);
    for (const former of r.formerNames) add(foldForSearch(former), r);
    add(r.code, r);
    add(String(Number(r.code)), r);
    add(r.letter.toLowerCase(), r);
  }
  for (const r of regions) {
    for (const n of [r.name, ...r.formerNames]) {
      for (const v of variants(foldForSearch(n))) if (!byKey.has(v)) add(v, r);
    }
  }
  for (const key of ambiguous) byKey.delete(key);
  return (text: string): R | null => {
    const key = foldForSearch(text ?? '').replace(/[.,]/g, '');
    if (!key) return null;
    return byKey.get(key) ?? byKey.get(key.replace(/^0+(?=\d)/, '')) ?? null;
  };
}

/** Folded, with punctuation as spaces: "Region Dalarna, Kultur och bildning" → "region dalarna kultur och bildning". */
function words(text: string): string {
  return foldForSearch(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The region an organisation of kind `region` stands for, from its name: a name the region matcher knows
 * ("Region Dalarna", "Västra Götalandsregionen", "Landstinget Sörmland"), else the one region whose full or
 * former name appears in it as whole words ("Region Dalarna, Kultur och bildning"). Codes and letters ("D", "20")
 * name no organisation, so a name that short or all digits matches nothing.
 */
export function createRegionOfName<R extends RegionNames>(
  regions: readonly R[],
): (organizationName: string) => R | null {
  const match = createRegionMatcher(regions);
  const fullNames = regions.flatMap((r) =>
    [r.name, ...r.formerNames].map((n) => ({ key: ` ${words(n)} `, r })),
  );
  return (organizationName: string): R | null => {
    const name = words(organizationName ?? '');
    if (name.length < 3 || /^[0-9 ]+$/.test(name)) return null;
    const exact = match(organizationName);
    if (exact) return exact;
    const found = new Set(fullNames.filter((n) => ` ${name} `.includes(n.key)).map((n) => n.r));
    return found.size === 1 ? [...found][0] : null;
  };
}
