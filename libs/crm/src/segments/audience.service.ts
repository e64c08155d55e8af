import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { applyContactFilter, ContactFilter } from '../contacts/contact-filter';
import { parseContactFilter } from '../contacts/contact-filter-validation';
import { ContactList } from '../lists/contact-list.entity';
import { Segment } from './segment.entity';
import { SuppressionReason } from '../suppressions/suppression.entity';
import { suppressionReasonSql } from '../suppressions/suppressions.service';

/**
 * Who a mailing goes to: the members of a static list, whoever a saved segment matches, an ad-hoc filter, or
 * contacts picked one by one.
 */
export type Audience =
  { listId: string } | { segmentId: string } | { filter: ContactFilter } | { contactIds: string[] };

/** One audience contact with the suppression of its address, in audience order (for a dry run). */
export interface AudienceCandidate {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  suppressionReason: SuppressionReason | null;
}

/**
 * Turns an audience into a query over contacts (alias `c`), so the sending engine and its users can count it,
 * preview it or snapshot it with one INSERT … SELECT without knowing how lists, segments or contacts are stored.
 */
@Injectable()
export class AudienceService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The filter an audience stands for; a missing list or segment is a 404. */
  async filterFor(
    audience: Exclude<Audience, { contactIds: string[] }>,
    manager?: EntityManager,
  ): Promise<ContactFilter> {
    const m = manager ?? this.dataSource.manager;
    if ('listId' in audience) {
      if (!(await m.getRepository(ContactList).exists({ where: { id: audience.listId } }))) {
        throw AppException.notFound('Listan', audience.listId);
      }
      return { listId: audience.listId };
    }
    if ('segmentId' in audience) {
      const segment = await m.getRepository(Segment).findOne({ where: { id: audience.segmentId } });
      if (!segment) throw AppException.notFound('Segmentet', audience.segmentId);
      // Stored filters are re-checked: a filter saved by an older version must not silently mean "everyone".
      return parseContactFilter(segment.filter);
    }
    return parseContactFilter(audience.filter);
  }

  /** SELECT … FROM contacts c WHERE <audience>; add your own select, order and limit. */
  async queryFor(audience: Audience, manager?: EntityManager): Promise<SelectQueryBuilder<Contact>> {
    const m = manager ?? this.dataSource.manager;
    if ('contactIds' in audience) {
      return m
        .getRepository(Contact)
        .createQueryBuilder('c')
        .where('c.id = ANY(CAST(:audienceContactIds AS uuid[]))', {
          audienceContactIds: audience.contactIds,
        });
    }
    const filter = await this.filterFor(audience, m);
    return applyContactFilter(m.getRepository(Contact).createQueryBuilder('c'), filter, 'c');
  }

  /**
   * The audience as SQL for an INSERT … SELECT (the sending snapshot): its contacts that have an address, as
   * columns `contact_id`, `email` (trimmed) and `created_at`, unordered. Audience order is (created_at,
   * contact_id): the first of several contacts sharing an address is the one that gets the message.
   */
  snapshotSql(contacts: SelectQueryBuilder<Contact>): { sql: string; params: unknown[] } {
    const [sql, params] = contacts
      .clone()
      .select('c.id', 'contact_id')
      .addSelect('btrim(c.email)', 'email')
      .addSelect('c.created_at', 'created_at')
      .andWhere(`c.email IS NOT NULL AND btrim(c.email) <> ''`)
      .orderBy()
      .getQueryAndParameters();
    return { sql, params };
  }

  /** The audience's contacts in audience order (created_at, id), each with the suppression of its address. */
  async candidates(contacts: SelectQueryBuilder<Contact>): Promise<AudienceCandidate[]> {
    return contacts
      .clone()
      .select('c.id', 'contactId')
      .addSelect('c.first_name', 'firstName')
      .addSelect('c.last_name', 'lastName')
      .addSelect('c.email', 'email')
      .addSelect(suppressionReasonSql('c.email'), 'suppressionReason')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getRawMany<AudienceCandidate>();
  }

  /** Of the given contact ids, those with no contact (deduplicated, in the order given). */
  async missingContacts(ids: string[], manager?: EntityManager): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id FROM contacts WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    const known = new Set(found.map((r) => r.id));
    return unique.filter((id) => !known.has(id));
  }

  async count(audience: Audience, manager?: EntityManager): Promise<number> {
    return (await this.queryFor(audience, manager)).getCount();
  }
}
