import { AuditModule } from '@app/audit';
import { CrmModule } from '@app/crm';
import { MailModule } from '@app/mail';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageComposer } from './compose/message-composer';
import { LedgerRepository } from './ledger/ledger.repository';
import { Mailing } from './ledger/mailing.entity';
import { MailingRecipient } from './ledger/mailing-recipient.entity';
import { MailingLifecycle } from './lifecycle/mailing-lifecycle.service';
import { PersonalLinksService } from './links/personal-links.service';
import { PublicTokenService } from './links/public-token.service';
import { RowTokenService } from './links/row-token.service';
import { tokenSecretProvider } from './links/token-secret.provider';
import { SendingMaintenance, SendingMaintenanceHandler } from './maintenance/sending-maintenance.service';
import { LedgerPersonalData } from './personal-data/ledger-personal-data.holder';
import { SendingPorts } from './ports/sending-ports';
import { LedgerWriteBatcher } from './send/ledger-write-batcher';
import { MessageSender } from './send/message-sender.service';
import { SendJobs } from './send/send-jobs.service';
import { SendMessagesHandler } from './send/send-messages.handler';
import { TemplateTestSendService } from './send/template-test-send.service';
import { TestSendService } from './send/test-send.service';
import { UncertainRecipients } from './uncertain/uncertain-recipients.service';
import { MailedMessageService } from './views/mailed-message.service';
import { TemplatePreviewService } from './views/template-preview.service';

const SENDING_SERVICES = [
  SendingPorts,
  LedgerRepository,
  PublicTokenService,
  RowTokenService,
  PersonalLinksService,
  MessageComposer,
  SendJobs,
  MailingLifecycle,
  LedgerWriteBatcher,
  MessageSender,
  TestSendService,
  TemplateTestSendService,
  SendingMaintenance,
  UncertainRecipients,
  MailedMessageService,
  TemplatePreviewService,
];

/** The purpose-neutral sending engine. Feature libs import it and plug in through SendingPorts. */
@Module({
  imports: [TypeOrmModule.forFeature([Mailing, MailingRecipient]), AuditModule, CrmModule, MailModule],
  providers: [
    ...SENDING_SERVICES,
    tokenSecretProvider,
    SendMessagesHandler,
    SendingMaintenanceHandler,
    LedgerPersonalData,
  ],
  exports: SENDING_SERVICES,
})
export class SendingModule {}
