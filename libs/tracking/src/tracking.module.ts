import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { SendingModule } from '@app/sending';
import { Module } from '@nestjs/common';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

/** What people do through links in mail (unsubscribe now; RSVP, survey and inbound mail to come). */
@Module({
  imports: [AuditModule, CrmModule, SendingModule],
  providers: [UnsubscribeService],
  exports: [UnsubscribeService],
})
export class TrackingModule {}
