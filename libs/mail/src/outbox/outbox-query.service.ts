import { AppException } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export const OUTBOX_PAGE_DEFAULT = 50;
export const OUTBOX_PAGE_MAX = 200;

export interface OutboxQuery {
  /** Only messages with an id below this one (the previous page's nextCursor). */
  cursor?: string;
  limit?: number;
  mailingId?: string;
}

export type OutboxSummary = Pick<OutboxMessage, 'id' | 'createdAt' | 'toAddress' | 'subject' | 'messageId'>;

export interface OutboxPage {
  items: OutboxSummary[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Reads the outbox newest first, keyset-paged on the identity id (stable while new messages arrive). */
@Injectable()
export class OutboxQueryService {
  constructor(@InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>) {}

  async list(query: OutboxQuery): Promise<OutboxPage> {
    const limit = Math.min(Math.max(query.limit ?? OUTBOX_PAGE_DEFAULT, 1), OUTBOX_PAGE_MAX);
    const qb = this.messages
      .createQueryBuilder('o')
      .select(['o.id', 'o.createdAt', 'o.toAddress', 'o.subject', 'o.messageId'])
      .orderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor !== undefined) qb.andWhere('o.id < :cursor', { cursor: query.cursor });
    if (query.mailingId) qb.andWhere('o.mailingId = :mailingId', { mailingId: query.mailingId });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
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
