import { AuditModule } from '@app/audit';
import { Module } from '@nestjs/common';
import { CrmModule } from '@app/crm';
import { PublicTokenService } from './tokens/public-token.service';
import { tokenSecretProvider } from './tokens/token-secret.provider';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

@Module({
  imports: [AuditModule, CrmModule],
  providers: [tokenSecretProvider, PublicTokenService, UnsubscribeService],
  exports: [PublicTokenService, UnsubscribeService],
})
export class TrackingModule {}
