import { AppConfig } from '@app/config';
import { Module, Type } from '@nestjs/common';
import { TrackingModule } from '../tracking.module';
import { ImapPollerService } from './imap-poller.service';
import { SmtpReceiverService } from './smtp-receiver.service';

/**
 * The inbound mail transports, each off unless configured: the IMAP poller (INBOUND_IMAP_HOST) and the SMTP
 * receiver for REPLY_DOMAIN (INBOUND_SMTP_PORT). Imported by the processes that run the worker (PROCESS_ROLE all
 * or worker). Both feed InboundMailSink, which TrackingModule exports (the inbound handler provides it).
 */
@Module({
  imports: [TrackingModule],
  providers: [ImapPollerService, SmtpReceiverService],
  exports: [ImapPollerService, SmtpReceiverService],
})
export class InboundTransportsModule {
  /** The module when an IMAP mailbox or the SMTP receiver is configured; otherwise nothing is loaded at all. */
  static whenConfigured(config: AppConfig): Type[] {
    return config.inboundImapEnabled || config.inboundSmtpEnabled ? [InboundTransportsModule] : [];
  }
}
