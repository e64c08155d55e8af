import { AppExceptionFilter } from '@app/common';
import { ContactImportService } from '@app/crm';
import { ArgumentsHost, Catch, ExceptionFilter, Injectable, PayloadTooLargeException } from '@nestjs/common';

/** Multer stops an upload over IMPORT_MAX_BYTES with an English message; staff get the Swedish one with the limit. */
@Injectable()
@Catch(PayloadTooLargeException)
export class UploadTooLargeFilter implements ExceptionFilter {
  private readonly fallback = new AppExceptionFilter();

  constructor(private readonly imports: ContactImportService) {}

  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    this.fallback.catch(this.imports.tooLarge(), host);
  }
}
