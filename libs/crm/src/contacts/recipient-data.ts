import type { EntityManager } from 'typeorm';
import type { ContactLanguage } from './contact-vocabulary';

/** What a message may say about its recipient: the contact with its organisation's and region's names. */
export interface RecipientData {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  title: string | null;
  language: ContactLanguage;
  organizationName: string | null;
  organizationShortName: string | null;
  regionName: string | null;
}

/**
 * The one list of recipient fields and where each comes from (contact `rd_c`, its organisation `rd_o`, the
 * region of the contact or else of its organisation). Every SQL form below is built from it; nothing else
 * names them.
 */
const RECIPIENT_FIELDS: Record<keyof RecipientData, string> = {
  contactId: 'rd_c.id',
  firstName: 'rd_c.first_name',
  lastName: 'rd_c.last_name',
  email: 'rd_c.email',
  title: 'rd_c.title',
  language: 'rd_c.language',
  organizationName: 'rd_o.name',
  organizationShortName: 'rd_o.short_name',
  regionName: 'coalesce(rd_r.name, rd_or.name)',
};

const joins = (contactId: string) => `LEFT JOIN contacts rd_c ON rd_c.id = ${contactId}
       LEFT JOIN organizations rd_o ON rd_o.id = rd_c.organization_id
       LEFT JOIN regions rd_r ON rd_r.id = rd_c.region_id
       LEFT JOIN regions rd_or ON rd_or.id = rd_o.region_id`;

/**
 * SQL that loads a recipient's data next to another query, for the sending claim (one round trip per message):
 * `select` is one JSON column (null when the contact is gone), `joins` follow the FROM clause that provides the
 * contact id expression. The aliases rd_c, rd_o, rd_r and rd_or are taken.
 */
export function recipientDataSql(contactIdExpression: string): { select: string; joins: string } {
  const pairs = Object.entries(RECIPIENT_FIELDS)
    .map(([key, sql]) => `'${key}', ${sql}`)
    .join(', ');
  return {
    select: `CASE WHEN rd_c.id IS NULL THEN NULL ELSE json_build_object(${pairs}) END`,
    joins: joins(contactIdExpression),
  };
}

/** One contact's recipient data, or null if there is no such contact. */
export async function loadRecipientData(m: EntityManager, contactId: string): Promise<RecipientData | null> {
  const sql = recipientDataSql('$1::uuid');
  const rows: { recipient: RecipientData | null }[] = await m.query(
    `SELECT ${sql.select} AS recipient FROM (SELECT 1) one ${sql.joins}`,
    [contactId],
  );
  return rows[0]?.recipient ?? null;
}

/** Stand-in data for a preview or test send without a chosen contact. */
export const SAMPLE_RECIPIENT: Omit<RecipientData, 'contactId'> = {
  firstName: 'Anna',
  lastName: 'Andersson',
  email: 'anna.andersson@example.se',
  title: 'Kulturchef',
  language: 'sv',
  organizationName: 'Exempelförbundet',
  organizationShortName: 'EF',
  regionName: 'Region Exempel',
};
