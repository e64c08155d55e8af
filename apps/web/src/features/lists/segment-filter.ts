import type { Schemas } from '../../api/client';

export type SegmentFilter = Schemas['ContactFilterDto'];

/** The builder's fields as the form holds them (a Select's value is a string or null). */
export interface FilterValues {
  organizationKind: string | null;
  regionId: string | null;
  role: string | null;
  tag: string;
  language: string | null;
  elected: 'yes' | 'no' | null;
  listId: string | null;
}

export const EMPTY_FILTER: FilterValues = {
  organizationKind: null,
  regionId: null,
  role: null,
  tag: '',
  language: null,
  elected: null,
  listId: null,
};

/** The filter the API takes: only what is chosen (an empty field is no condition). */
export function toFilter(values: FilterValues): SegmentFilter {
  const filter: SegmentFilter = {};
  if (values.organizationKind)
    filter.organizationKind = values.organizationKind as SegmentFilter['organizationKind'];
  if (values.regionId) filter.regionId = Number(values.regionId);
  if (values.role) filter.role = values.role as SegmentFilter['role'];
  if (values.tag.trim()) filter.tag = values.tag.trim();
  if (values.language) filter.language = values.language as SegmentFilter['language'];
  if (values.elected) filter.elected = values.elected === 'yes';
  if (values.listId) filter.listId = values.listId;
  return filter;
}

/** A saved segment's filter in the form (fields the builder does not show, such as q, are kept aside). */
export function fromFilter(filter: SegmentFilter): FilterValues {
  return {
    organizationKind: filter.organizationKind ?? null,
    regionId: filter.regionId !== undefined ? String(filter.regionId) : null,
    role: filter.role ?? null,
    tag: filter.tag ?? '',
    language: filter.language ?? null,
    elected: filter.elected === undefined ? null : filter.elected ? 'yes' : 'no',
    listId: filter.listId ?? null,
  };
}
