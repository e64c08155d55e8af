import { InitialAdminService } from '@app/auth';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * On API start: create the first administrator if there are no users. A generated password is written
 * plainly to stdout, once (the JSON logger would redact it), so whoever ran `npm start` can log in.
 */
@Injectable()
export class InitialAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(private readonly initialAdmin: InitialAdminService) {}

  async onApplicationBootstrap(): Promise<void> {
    const result = await this.initialAdmin.ensure();
    if (!result.created) return;
    if (result.generatedPassword) {
      process.stdout.write(
        `\nFörsta administratören skapad: ${result.email}, lösenord: ${result.generatedPassword}  ` +
          `Byt det efter inloggning. Lösenordet visas bara denna gång.\n\n`,
      );
    } else {
      this.logger.log(`Första administratören skapad: ${result.email}, med lösenordet från ADMIN_PASSWORD`);
    }
  }
}
