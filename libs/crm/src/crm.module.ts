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

@Module({
  imports: [
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
  providers: [],
  exports: [],
})
export class CrmModule {}
