import { CreateContactDto } from './create-contact.dto';

/** Every field optional; absent fields stay, null clears. */
export class UpdateContactDto extends CreateContactDto {}
