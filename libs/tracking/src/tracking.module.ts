import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { ImapHighWaterRepository } from './inbound/imap-high-water.repository';
import { InboundMailService } from './inbound/inbound-mail.service';
import { InboundMailSink } from './inbound/inbound-mail-sink';
import { InboundMessagesRepository } from './inbound/inbound-messages.repository';
import { InboundPersonalData } from './inbound/inbound-personal-data.holder';
import { RepliesService } from './inbound/replies.service';
import { ReplyScopes } from './inbound/reply-scopes';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

/** What people do through links in mail (unsubscribe), and the mail that comes back (replies, bounces). */
@Module({
  imports: [AuditModule, CrmModule, SendingModule],
  providers: [
    UnsubscribeService,
    ImapHighWaterRepository,
    InboundMessagesRepository,
    InboundMailService,
    { provide: InboundMailSink, useExisting: InboundMailService },
    RepliesService,
    ReplyScopes,
    InboundPersonalData,
  ],
  exports: [
    UnsubscribeService,
    ImapHighWaterRepository,
    InboundMailSink,
    InboundMailService,
    RepliesService,
    ReplyScopes,
    InboundMessagesRepository,
  ],
})
export class TrackingModule {}
