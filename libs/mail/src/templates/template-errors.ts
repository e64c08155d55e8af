import { AppException } from '@app/common';

/** One problem in a template, with where it is: shown to staff next to the editor. */
export interface TemplateProblem {
  part: 'subject' | 'body';
  language: 'sv' | 'en';
  line: number | null;
  message: string;
}

export class TemplateInvalidException extends AppException {
  constructor(readonly problems: TemplateProblem[]) {
    super(
      AppException.validation('').code,
      `Mallen innehåller fel: ${problems
        .map(
          (p) =>
            `${p.language}/${p.part === 'subject' ? 'ämnesrad' : 'innehåll'}${p.line ? ` rad ${p.line}` : ''}: ${p.message}`,
        )
        .join('; ')}`,
      { problems },
    );
  }
}
