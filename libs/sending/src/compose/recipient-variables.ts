import type { RecipientData } from '@app/crm';

/**
 * The one mapping from recipient data to the recipient variables of every purpose (RECIPIENT_VARIABLES in
 * @app/mail). `email` is where the message goes: the ledger's snapshot, which may differ from the contact's
 * address today. A contact that is gone leaves only the address.
 */
export function recipientVariables(data: Omit<RecipientData, 'contactId'> | null, email: string | null) {
  return {
    firstName: data?.firstName ?? null,
    lastName: data?.lastName ?? null,
    email: email ?? data?.email ?? null,
    title: data?.title ?? null,
    organization: data?.organizationName
      ? { name: data.organizationName, shortName: data.organizationShortName }
      : null,
    region: data?.regionName ? { name: data.regionName } : null,
  };
}

/** `{ 'meeting.city': x }` → `{ meeting: { city: x } }`: the shape Handlebars paths read. */
export function nestByDots(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<
        string,
        unknown
      >;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}
