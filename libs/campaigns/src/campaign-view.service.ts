import { AppErrorCode, AppException } from '@app/common';
import { PublicTokenService, TokenPurpose } from '@app/tracking';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignMessageRenderer } from './sending/campaign-message-renderer';

/**
 * "Read the letter in the browser" (/v/TOKEN): the message as it was mailed to this person, rendered again from
 * the campaign's pinned template version. Only for someone the campaign actually went to; reading changes nothing.
 */
@Injectable()
export class CampaignViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: PublicTokenService,
    private readonly renderer: CampaignMessageRenderer,
  ) {}

  async htmlFor(token: string): Promise<{ subject: string; html: string }> {
    const { campaignId, contactId } = this.tokens.verify(token, TokenPurpose.ViewInBrowser);
    const gone = new AppException(AppErrorCode.NOT_FOUND, 'Brevet finns inte längre att läsa här.');
    if (!campaignId) throw gone;
    const [row]: {
      template_version_id: string | null;
      subject: string | null;
      from_name: string;
      from_address: string;
      reply_to: string | null;
      email: string;
    }[] = await this.dataSource.query(
      `SELECT c.template_version_id, c.subject, c.from_name, c.from_address, c.reply_to, r.email
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.campaign_id = $1 AND r.contact_id = $2 AND r.status IN ('sent', 'uncertain', 'sending')`,
      [campaignId, contactId],
    );
    if (!row?.template_version_id) throw gone;
    const message = await this.renderer.render(
      {
        campaignId,
        templateVersionId: row.template_version_id,
        subject: row.subject,
        fromName: row.from_name,
        fromAddress: row.from_address,
        replyTo: row.reply_to,
        email: row.email,
      },
      contactId,
    );
    return { subject: message.subject, html: message.html };
  }
}
