import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { applyContactFilter, ContactFilter } from '../contacts/contact-filter';
import { parseContactFilter } from '../contacts/contact-filter-validation';
import { ContactList } from '../lists/contact-list.entity';
import { Segment } from './segment.entity';

/** Who a mailing goes to: the members of a static list, whoever a saved segment matches, or an ad-hoc filter. */
export type Audience = { listId: string } | { segmentId: string } | { filter: ContactFilter };

/**
 * Turns an audience into a query over contacts (alias `c`), so campaigns can count it, preview it or snapshot
 * it with one INSERT … SELECT without knowing how lists and segments are stored.
 */
@Injectable()
export class AudienceService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The filter an audience stands for; a missing list or segment is a 404. */
  async filterFor(audience: Audience, manager?: EntityManager): Promise<ContactFilter> {
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
    const filter = await this.filterFor(audience, m);
    return applyContactFilter(m.getRepository(Contact).createQueryBuilder('c'), filter, 'c');
  }

  async count(audience: Audience, manager?: EntityManager): Promise<number> {
    return (await this.queryFor(audience, manager)).getCount();
  }
}
