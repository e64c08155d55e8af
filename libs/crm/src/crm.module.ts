import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './contacts/contact.entity';
import { ContactImport } from './imports/contact-import.entity';
import { ContactListMember } from './lists/contact-list-member.entity';
import { ContactList } from './lists/contact-list.entity';
import { Organization } from './organizations/organization.entity';
import { Region } from './regions/region.entity';
import { Segment } from './segments/segment.entity';
import { Suppression } from './suppressions/suppression.entity';
import { ContactImportHandler } from './imports/contact-import.handler';
import { ContactExportService } from './exports/contact-export.service';
import { RegionsService } from './regions/regions.service';
import { OrganizationsService } from './organizations/organizations.service';
import { ContactsService } from './contacts/contacts.service';
import { ListsService } from './lists/lists.service';
import { SegmentsService } from './segments/segments.service';
import { AudienceService } from './segments/audience.service';
import { SuppressionsService } from './suppressions/suppressions.service';
import { PersonalDataHolders } from './contacts/personal-data-holders';

const CONTACT_REGISTER_SERVICES = [
  RegionsService,
  OrganizationsService,
  ContactsService,
  ListsService,
  SegmentsService,
  AudienceService,
  SuppressionsService,
  PersonalDataHolders,
];

@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([
      Region,
      Organization,
      Contact,
      ContactList,
      ContactListMember,
      Segment,
      Suppression,
      ContactImport,
    ]),
  ],
  providers: [...CONTACT_REGISTER_SERVICES, ContactImportHandler, ContactExportService],
  exports: [...CONTACT_REGISTER_SERVICES, ContactExportService],
})
export class CrmModule {}
