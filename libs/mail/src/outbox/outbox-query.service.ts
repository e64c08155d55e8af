import { AppException, MAX_PAGE_LIMIT, Page, pageLimit, PageQuery, pageTotalOf, takePage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export const OUTBOX_PAGE_DEFAULT = 50;
/** The most of every list (libs/common paging). */
export const OUTBOX_PAGE_MAX = MAX_PAGE_LIMIT;

/** `cursor`: the previous page's nextCursor, a message id; older messages follow. */
export interface OutboxQuery extends PageQuery {
  mailingId?: string;
}

export type OutboxSummary = Pick<OutboxMessage, 'id' | 'createdAt' | 'toAddress' | 'subject' | 'messageId'>;

export type OutboxPage = Page<OutboxSummary>;

/** Reads the outbox newest first, keyset-paged on the identity id (stable while new messages arrive). */
@Injectable()
export class OutboxQueryService {
  constructor(@InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>) {}

  /** One page, newest first, with the total of messages (of the mailing): exact up to the paging threshold. */
  async list(query: OutboxQuery): Promise<OutboxPage> {
    const limit = pageLimit(query.limit, OUTBOX_PAGE_DEFAULT);
    const filtered = this.messages.createQueryBuilder('o');
    if (query.mailingId) filtered.andWhere('o.mailingId = :mailingId', { mailingId: query.mailingId });
    const qb = filtered
      .clone()
      .select(['o.id', 'o.createdAt', 'o.toAddress', 'o.subject', 'o.messageId'])
      .orderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor !== undefined) qb.andWhere('o.id < :cursor', { cursor: query.cursor });
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(filtered)]);
    const page = takePage(rows, limit, (last) => last.id);
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }

  /** Whether the outbox kept a message for this ledger row: then it was "sent", whatever the ledger says. */
  async hasMessageFor(recipientId: string): Promise<boolean> {
    return this.messages.exists({ where: { recipientId } });
  }

  /** Erasure: the outbox copies made for the contact keep their shape but lose the person. */
  async scrubContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE outbox_messages SET to_address = 'raderad', reply_to = NULL, subject = '', html = '', text = '',
              headers = '{}'::jsonb, attachments = '[]'::jsonb
        WHERE contact_id = $1`,
      [contactId],
    );
  }

  async get(id: string): Promise<OutboxMessage> {
    const message = /^\d{1,18}$/.test(id) ? await this.messages.findOneBy({ id }) : null;
    if (!message) throw AppException.notFound('Meddelandet i utkorgen', id);
    return message;
  }
}
