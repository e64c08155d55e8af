import { Injectable } from '@nestjs/common';
import { convert } from 'html-to-text';
import type mjml2html from 'mjml';
import { createHandlebars } from './handlebars-environment';
import { TemplateInvalidException, TemplateProblem } from './template-errors';
import { findHandlebarsProblems } from './template-validation';

let mjml: Promise<typeof mjml2html> | undefined;

/**
 * MJML, loaded when the first template is compiled rather than when the process starts: requiring it takes about
 * 1.3 s of CPU (its components, cheerio, lodash …), which every start of the API paid before answering /health.
 */
function loadMjml(): Promise<typeof mjml2html> {
  mjml ??= import('mjml').then((m) => m.default);
  return mjml;
}
import { swedishMjmlMessage, MJML_UNREADABLE } from './mjml-messages';
import { MessagePurpose, TemplateRenderContext } from './template-variables';

export type TemplateLanguage = 'sv' | 'en';

/** One language variant of a template version as staff wrote it. */
export interface TemplateSource {
  subject: string;
  mjml: string;
}

/** A template version: the Swedish variant is required, the English one optional. */
export interface TemplateVersionSource {
  /** Unique per version (e.g. the version row's id): the compile cache key. */
  versionId: string;
  /** The template's purpose, whose variables it may use; a newsletter when not given. */
  purpose?: MessagePurpose;
  variants: Partial<Record<TemplateLanguage, TemplateSource>> & { sv: TemplateSource };
}

/** A subject line rendered on its own (a mailing's own subject instead of the template's). */
export type SubjectRender = (context: TemplateRenderContext) => string;

export interface RenderedMessage {
  language: TemplateLanguage;
  subject: string;
  html: string;
  text: string;
}

type Render = (context: TemplateRenderContext) => string;

interface CompiledVariant {
  subject: Render;
  html: Render;
  text: Render;
}

export interface CompiledTemplate {
  versionId: string;
  /** The language a message for a recipient of `wanted` language is written in (Swedish when no variant). */
  languageFor(wanted: TemplateLanguage | null | undefined): TemplateLanguage;
  render(context: TemplateRenderContext, language?: TemplateLanguage): RenderedMessage;
}

/** What MJML writes when a template has no <mj-title>; every built-in template, and most staff-written ones. */
const EMPTY_TITLE = '<title></title>';
const TITLE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * The message's subject as its HTML document's title, when the template left the title empty: a mail client,
 * and the letter opened in a browser (/v), then name it (WCAG 2.4.2), and screen readers announce it. The
 * subject is the one the message is sent with, so this is done once that is known.
 */
export function withSubjectAsTitle(html: string, subject: string): string {
  const at = html.indexOf(EMPTY_TITLE);
  if (at < 0 || !subject) return html;
  const title = subject.replace(/[&<>"]/g, (c) => TITLE_ESCAPES[c]);
  return `${html.slice(0, at)}<title>${title}</title>${html.slice(at + EMPTY_TITLE.length)}`;
}

const TEXT_OPTIONS = {
  wordwrap: false as const, // wrapping before the values are filled in would break lines in the wrong places
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
  ],
};

/**
 * MJML is compiled once per template version (MJML → HTML, HTML → plain text, both still holding the
 * Handlebars expressions), then each recipient costs only three Handlebars renders. HTML output escapes
 * values; subject and plain text do not need to.
 */
@Injectable()
export class TemplateCompiler {
  private readonly cache = new Map<string, Promise<CompiledTemplate>>();
  private readonly subjects = new Map<string, SubjectRender>();
  private readonly hbs = createHandlebars();
  /** How many MJML compilations happened: one per template version and language (the benchmark reports it). */
  mjmlCompileCount = 0;

  /** Validates without caching: MJML errors and unknown variables, with line numbers. Throws TemplateInvalidException. */
  async validate(source: Omit<TemplateVersionSource, 'versionId'>): Promise<void> {
    await this.compileUncached({ versionId: '', purpose: source.purpose, variants: source.variants });
  }

  /** The compiled version if it is cached: lets a caller skip loading the source. */
  cached(versionId: string): Promise<CompiledTemplate> | undefined {
    return this.cache.get(versionId);
  }

  /**
   * A subject line of its own (a mailing's subject overriding the template's), checked against the purpose's
   * variables and rendered like a template subject: no HTML escaping, line breaks folded. Kept per text.
   */
  compileSubject(subject: string, purpose: MessagePurpose = 'newsletter'): SubjectRender {
    const key = `${purpose}\u0000${subject}`;
    let render = this.subjects.get(key);
    if (!render) {
      const problems = findHandlebarsProblems(subject, { part: 'subject', language: 'sv' }, purpose);
      if (problems.length > 0) throw new TemplateInvalidException(problems);
      const compiled = this.hbs.compile(subject.replace(/\s*\n\s*/g, ' '), { noEscape: true, strict: false });
      render = (context) => compiled(context).trim();
      if (this.subjects.size > 1000) this.subjects.clear();
      this.subjects.set(key, render);
    }
    return render;
  }

  compile(source: TemplateVersionSource): Promise<CompiledTemplate> {
    let compiled = this.cache.get(source.versionId);
    if (!compiled) {
      compiled = this.compileUncached(source);
      this.cache.set(source.versionId, compiled);
      compiled.catch(() => this.cache.delete(source.versionId));
    }
    return compiled;
  }

  private async compileUncached(source: TemplateVersionSource): Promise<CompiledTemplate> {
    const problems: TemplateProblem[] = [];
    const variants: Partial<Record<TemplateLanguage, CompiledVariant>> = {};
    for (const language of ['sv', 'en'] as const) {
      const variant = source.variants[language];
      if (!variant) continue;
      const result = await this.compileVariant(variant, language, source.purpose);
      if ('problems' in result) problems.push(...result.problems);
      else variants[language] = result.compiled;
    }
    if (problems.length > 0) throw new TemplateInvalidException(problems);
    const sv = variants.sv!;
    return {
      versionId: source.versionId,
      languageFor: (wanted) => (wanted === 'en' && variants.en ? 'en' : 'sv'),
      render: (context, language = 'sv') => {
        const chosen = (language === 'en' && variants.en) || sv;
        return renderVariant(chosen, chosen === sv ? 'sv' : 'en', context);
      },
    };
  }

  /**
   * One language variant that is not stored (the editor's unsaved text), compiled without the cache: every
   * keystroke is a new source, and none may push a stored version out. It renders in its own language whatever
   * is asked. Throws TemplateInvalidException with the variant's problems, labelled with `language`.
   */
  async compileDraft(
    language: TemplateLanguage,
    variant: TemplateSource,
    purpose?: MessagePurpose,
  ): Promise<CompiledTemplate> {
    const result = await this.compileVariant(variant, language, purpose);
    if ('problems' in result) throw new TemplateInvalidException(result.problems);
    return {
      versionId: '',
      languageFor: () => language,
      render: (context) => renderVariant(result.compiled, language, context),
    };
  }

  /** Handlebars and MJML checks of one variant, then its three renderers; or what is wrong with it, by line. */
  private async compileVariant(
    variant: TemplateSource,
    language: TemplateLanguage,
    purpose: MessagePurpose | undefined,
  ): Promise<{ compiled: CompiledVariant } | { problems: TemplateProblem[] }> {
    const found = [
      ...findHandlebarsProblems(variant.subject, { part: 'subject', language }, purpose),
      ...findHandlebarsProblems(variant.mjml, { part: 'body', language }, purpose),
    ];
    if (!variant.subject.trim())
      found.push({ part: 'subject', language, line: null, message: 'Ämnesraden är tom' });
    this.mjmlCompileCount++;
    let result: Awaited<ReturnType<typeof mjml2html>>;
    try {
      result = await (
        await loadMjml()
      )(variant.mjml, {
        validationLevel: 'soft',
        ignoreIncludes: true,
        keepComments: false,
      });
    } catch {
      // MJML throws (instead of reporting) for text it cannot read as MJML at all, e.g. without <mjml>.
      return { problems: [...found, { part: 'body', language, line: null, message: MJML_UNREADABLE }] };
    }
    for (const e of result.errors)
      found.push({ part: 'body', language, line: e.line ?? null, message: swedishMjmlMessage(e) });
    if (found.length > 0) return { problems: found };
    return {
      compiled: {
        subject: this.hbs.compile(variant.subject.replace(/\s*\n\s*/g, ' '), {
          noEscape: true,
          strict: false,
        }),
        html: this.hbs.compile(result.html, { strict: false }),
        text: this.hbs.compile(convert(result.html, TEXT_OPTIONS), { noEscape: true, strict: false }),
      },
    };
  }
}

function renderVariant(
  variant: CompiledVariant,
  language: TemplateLanguage,
  context: TemplateRenderContext,
): RenderedMessage {
  return {
    language,
    subject: variant.subject(context).trim(),
    html: variant.html(context),
    text: variant.text(context),
  };
}
