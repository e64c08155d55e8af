import { CrmModule } from '@app/crm';
import { Module } from '@nestjs/common';
import { ListsController } from '../lists/lists.controller';
import { OrganizationsController } from '../organizations/organizations.controller';
import { RegionsController } from '../regions/regions.controller';
import { SegmentsController } from '../segments/segments.controller';
import { ContactsController } from './contacts.controller';
import { SuppressionsController } from './suppressions.controller';

/** HTTP for the contact register: regions, organisations, contacts, suppressions, lists and segments. */
@Module({
  imports: [CrmModule],
  controllers: [
    RegionsController,
    OrganizationsController,
    ContactsController,
    ListsController,
    SegmentsController,
    SuppressionsController,
  ],
})
export class ContactRegisterHttpModule {}
