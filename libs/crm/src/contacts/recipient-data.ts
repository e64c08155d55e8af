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

/** SQL that loads a recipient's data next to another query, and the mapping of its columns back. */
export interface RecipientDataSql {
  /** The select list: one column per field, named with a prefix no other column of the statement uses. */
  select: string;
  /** The joins, to follow the FROM clause that provides the contact id expression. */
  joins: string;
  /** The recipient from a result row (null when the contact is gone); the prefixed columns are taken out. */
  take(row: Record<string, unknown>): RecipientData | null;
}

const FIELD_KEYS = Object.keys(RECIPIENT_FIELDS) as (keyof RecipientData)[];
const PREFIX = 'recipient_';

/**
 * SQL that loads a recipient's data next to another query, for the sending claim (one round trip per message):
 * plain columns (cheaper than building JSON for every message), read back with `take`. The aliases rd_c, rd_o,
 * rd_r and rd_or are taken.
 */
export function recipientDataSql(contactIdExpression: string): RecipientDataSql {
  return {
    select: FIELD_KEYS.map((key) => `${RECIPIENT_FIELDS[key]} AS "${PREFIX}${key}"`).join(', '),
    joins: joins(contactIdExpression),
    take(row) {
      const found = row[`${PREFIX}contactId`] != null;
      const data: Record<string, unknown> = {};
      for (const key of FIELD_KEYS) {
        data[key] = row[`${PREFIX}${key}`];
        delete row[`${PREFIX}${key}`];
      }
      return found ? (data as unknown as RecipientData) : null;
    },
  };
}

/** One contact's recipient data, or null if there is no such contact. */
export async function loadRecipientData(m: EntityManager, contactId: string): Promise<RecipientData | null> {
  const sql = recipientDataSql('$1::uuid');
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT ${sql.select} FROM (SELECT 1) one ${sql.joins}`,
    [contactId],
  );
  return rows[0] ? sql.take(rows[0]) : null;
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
