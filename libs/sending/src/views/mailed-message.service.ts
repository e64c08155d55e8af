import { AppErrorCode, AppException } from '@app/common';
import { loadRecipientData } from '@app/crm';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageComposer } from '../compose/message-composer';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PublicTokenService } from '../links/public-token.service';
import { TokenPurpose } from '../links/token-purpose';

/**
 * "Read the letter in the browser" (/v/TOKEN): the message as it was mailed to this person, made again by the
 * composer from the mailing's pinned template version. Only for someone the mailing actually went to; reading
 * changes nothing.
 */
@Injectable()
export class MailedMessageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: PublicTokenService,
    private readonly ledger: LedgerRepository,
    private readonly composer: MessageComposer,
  ) {}

  async forViewToken(token: string): Promise<{ subject: string; html: string }> {
    const { scopeId: mailingId, contactId } = this.tokens.verify(token, TokenPurpose.ViewInBrowser);
    const gone = new AppException(AppErrorCode.NOT_FOUND, 'Brevet finns inte längre att läsa här.');
    if (!mailingId) throw gone;
    const row = await this.ledger.mailedRow(mailingId, contactId);
    if (!row) throw gone;
    const { mailing } = row;
    const recipient = await loadRecipientData(this.dataSource.manager, contactId);
    const message = await this.composer.compose(
      {
        id: mailing.id,
        purpose: mailing.purpose,
        scope: { type: mailing.scopeType, id: mailing.scopeId },
        templateVersionId: mailing.templateVersionId,
        subject: mailing.subject,
        fromName: mailing.fromName,
        fromAddress: mailing.fromAddress,
        replyTo: mailing.replyTo,
      },
      { contactId, recipientId: row.id, email: row.email, recipient },
    );
    return { subject: message.subject, html: message.html };
  }
}
