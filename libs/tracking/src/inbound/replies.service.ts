import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock, Page } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  InboundDetail,
  InboundListQuery,
  InboundMessagesRepository,
  InboundSummary,
  ReplyConversion,
} from './inbound-messages.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The staff inbox of received mail: replies, auto-replies, bounces, complaints and the "could not read" list.
 * Reading changes nothing; marking handled is audited.
 */
@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: InboundMessagesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(query: InboundListQuery): Promise<Page<InboundSummary>> {
    return this.messages.list(query);
  }

  async get(id: string, m?: EntityManager): Promise<InboundDetail> {
    const found = UUID.test(id) ? await this.messages.find(id, m) : null;
    if (!found) throw AppException.notFound('Meddelandet', id);
    return found;
  }

  /** The message's HTML, sanitised when it was received; 404 when it has none. */
  async html(id: string): Promise<string> {
    const html = UUID.test(id) ? await this.messages.html(id) : null;
    if (html === null) throw AppException.notFound('Meddelandets HTML', id);
    return html;
  }

  async setHandled(id: string, handled: boolean, actor: AuditActor): Promise<InboundDetail> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.get(id, m);
      const changed = await this.messages.setHandled(m, id, handled, actor.userId ?? null, this.clock.now());
      if (changed)
        await this.audit.record(
          {
            action: handled ? 'reply.handled' : 'reply.unhandled',
            actor,
            targetType: 'inbound_message',
            targetId: id,
            details: { kind: before.kind, contactId: before.contactId },
          },
          m,
        );
      return this.get(id, m);
    });
  }

  /** Records, in the caller's transaction, that a reply became an answer (the caller audits the answer). */
  markConverted(m: EntityManager, id: string, to: ReplyConversion, actor: AuditActor): Promise<void> {
    return this.messages.markConverted(m, id, to, actor.userId ?? null, this.clock.now());
  }

  /** People who replied, per campaign (auto-replies not counted). */
  repliedByCampaign(campaignIds: string[]): Promise<Map<string, number>> {
    return this.messages.repliedByCampaign(campaignIds);
  }
}
