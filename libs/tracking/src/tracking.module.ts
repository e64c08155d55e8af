import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { ImapHighWaterRepository } from './inbound/imap-high-water.repository';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

/** What people do through links in mail (unsubscribe now; RSVP, survey and inbound mail to come). */
@Module({
  imports: [AuditModule, CrmModule, SendingModule],
  providers: [UnsubscribeService, ImapHighWaterRepository],
  exports: [UnsubscribeService, ImapHighWaterRepository],
})
export class TrackingModule {}
