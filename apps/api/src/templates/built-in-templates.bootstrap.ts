import { TemplatesService } from '@app/mail';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/** On API start: the built-in templates exist (once, whatever the number of API processes starting together). */
@Injectable()
export class BuiltInTemplatesBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('BuiltInTemplates');

  constructor(private readonly templates: TemplatesService) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.templates.ensureBuiltIns();
    if (created > 0) this.logger.log(`${created} inbyggda mallar skapade`);
  }
}
