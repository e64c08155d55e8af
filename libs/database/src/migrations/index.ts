import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { SeedRegions1764230400001 } from './1764230400001-seed-regions';

/** The 21 regions as the seed migration writes them (for tests that need the real list). */
export { REGIONS_SEED } from './1764230400001-seed-regions';
import { ContactsEmailSortIndex1764230400200 } from './1764230400200-contacts-email-sort-index';
import { ImportOrganizationKind1764230400300 } from './1764230400300-import-organization-kind';
import { AppSecrets1764230400500 } from './1764230400500-app-secrets';
import { TemplatesCampaigns1764230400600 } from './1764230400600-templates-campaigns';
import { SendingEngine1764230400700 } from './1764230400700-sending-engine';
import { Meetings1764230400800 } from './1764230400800-meetings';
import { MeetingNotices1764230400820 } from './1764230400820-meeting-notices';
import { WithdrawnRecipients1764230400900 } from './1764230400900-withdrawn-recipients';
import { UncertainMarkedFailed1764230400910 } from './1764230400910-uncertain-marked-failed';
import { InboundMail1764230400920 } from './1764230400920-inbound-mail';
import { ImapHighWater1764230400930 } from './1764230400930-imap-high-water';
import { Surveys1764230400940 } from './1764230400940-surveys';
import { ImportFilesUncompressed1764230400950 } from './1764230400950-import-files-uncompressed';

/** Listed explicitly (not globbed) so the same list works from ts-jest, ts-node and compiled JS. */
export const MIGRATIONS = [
  InitialSchema1764230400000,
  SeedRegions1764230400001,
  ContactsEmailSortIndex1764230400200,
  ImportOrganizationKind1764230400300,
  AppSecrets1764230400500,
  TemplatesCampaigns1764230400600,
  SendingEngine1764230400700,
  Meetings1764230400800,
  MeetingNotices1764230400820,
  WithdrawnRecipients1764230400900,
  UncertainMarkedFailed1764230400910,
  InboundMail1764230400920,
  ImapHighWater1764230400930,
  Surveys1764230400940,
  ImportFilesUncompressed1764230400950,
];
