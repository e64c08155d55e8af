import type { Audience } from '@app/crm';
import type { CampaignAudience } from './campaign.entity';

/** A campaign's audience as the CRM's AudienceService takes it. */
export function audienceOf(audience: CampaignAudience): Audience {
  switch (audience.type) {
    case 'list':
      return { listId: audience.listId };
    case 'segment':
      return { segmentId: audience.segmentId };
    case 'contacts':
      return { contactIds: audience.contactIds };
  }
}
