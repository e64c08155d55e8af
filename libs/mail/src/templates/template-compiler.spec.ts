import { BUILT_IN_TEMPLATES } from './built-in/built-in-templates';
import { TemplateCompiler, TemplateVersionSource, withSubjectAsTitle } from './template-compiler';
import { TemplateInvalidException } from './template-errors';

const mjml = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

function version(id: string, body: string, subject = 'Hej {{firstName}}'): TemplateVersionSource {
  return { versionId: id, variants: { sv: { subject, mjml: mjml(body) } } };
}

async function problemsOf(source: TemplateVersionSource) {
  try {
    await new TemplateCompiler().validate(source);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateInvalidException);
    return (err as TemplateInvalidException).problems;
  }
  throw new Error('expected the template to be refused');
}

describe('TemplateCompiler', () => {
  it('renders personal data HTML-escaped in the HTML part and verbatim in subject and text', async () => {
    const compiled = await new TemplateCompiler().compile(
      version('v1', '<mj-text>Hej {{firstName}} på {{organization.name}}</mj-text>', 'Till {{firstName}}'),
    );
    const out = compiled.render({
      firstName: '<script>alert(1)</script>',
      organization: { name: 'Folk & Kultur' },
    });
    expect(out.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt; på Folk &amp; Kultur');
    expect(out.html).not.toContain('<script>');
    expect(out.subject).toBe('Till <script>alert(1)</script>');
    expect(out.text).toContain('Hej <script>alert(1)</script> på Folk & Kultur');
  });

  it('falls back with the default helper when a value is empty', async () => {
    const compiled = await new TemplateCompiler().compile(
      version('v1', '<mj-text>Hej {{default firstName "du"}}!</mj-text>'),
    );
    expect(compiled.render({ firstName: '' }).text.trim()).toBe('Hej du!');
    expect(compiled.render({ firstName: 'Åsa' }).text.trim()).toBe('Hej Åsa!');
  });

  it('keeps links in the plain-text part', async () => {
    const compiled = await new TemplateCompiler().compile(
      version('v1', '<mj-text><a href="{{unsubscribeUrl}}">Avsluta</a></mj-text>'),
    );
    const out = compiled.render({ unsubscribeUrl: 'https://crm.example.se/u/abc123' });
    expect(out.text).toContain('Avsluta [https://crm.example.se/u/abc123]');
    expect(out.html).toContain('href="https://crm.example.se/u/abc123"');
  });

  it('compiles MJML once per template version, however many recipients', async () => {
    const compiler = new TemplateCompiler();
    for (let i = 0; i < 50; i++) {
      const compiled = await compiler.compile(version('v1', '<mj-text>Hej {{firstName}}</mj-text>'));
      expect(compiled.render({ firstName: `P${i}` }).text).toContain(`Hej P${i}`);
    }
    expect(compiler.mjmlCompileCount).toBe(1);
    await compiler.compile(version('v2', '<mj-text>Hej igen {{firstName}}</mj-text>'));
    expect(compiler.mjmlCompileCount).toBe(2);
  });

  it('picks the English variant for English-speaking contacts and Swedish otherwise', async () => {
    const compiled = await new TemplateCompiler().compile({
      versionId: 'v1',
      variants: {
        sv: { subject: 'Hej', mjml: mjml('<mj-text>Svenska</mj-text>') },
        en: { subject: 'Hello', mjml: mjml('<mj-text>English</mj-text>') },
      },
    });
    expect(compiled.render({}, 'en')).toMatchObject({ language: 'en', subject: 'Hello' });
    expect(compiled.render({}, 'sv')).toMatchObject({ language: 'sv', subject: 'Hej' });
    const svOnly = await new TemplateCompiler().compile(version('v2', '<mj-text>Svenska</mj-text>'));
    expect(svOnly.render({}, 'en').language).toBe('sv');
  });

  it('refuses unknown variables with their line numbers', async () => {
    const problems = await problemsOf(
      version('bad', '<mj-text>Hej {{firstname}}</mj-text>\n<mj-text>{{meeting.date}}</mj-text>'),
    );
    expect(problems).toEqual([
      expect.objectContaining({ part: 'body', line: 5, message: 'Okänd variabel "firstname"' }),
      expect.objectContaining({ part: 'body', line: 6, message: 'Okänd variabel "meeting.date"' }),
    ]);
  });

  it('refuses unknown helpers, Handlebars syntax errors and MJML errors, with lines', async () => {
    expect(await problemsOf(version('b1', '<mj-text>{{shout firstName}}</mj-text>'))).toEqual([
      expect.objectContaining({ line: 5, message: 'Okänd hjälpfunktion "shout"' }),
    ]);
    const syntax = await problemsOf(version('b2', '<mj-text>{{#if firstName}}Hej</mj-text>'));
    expect(syntax[0].message).toMatch(/^Syntaxfel/);
    const mjmlProblems = await problemsOf(version('b3', '<mj-text>ok</mj-text>\n<mj-textt>fel</mj-textt>'));
    expect(mjmlProblems).toEqual([
      expect.objectContaining({ part: 'body', line: 6, message: expect.stringMatching(/mj-textt/) }),
    ]);
    expect(await problemsOf(version('b4', '<mj-text>ok</mj-text>', '{{lastNamn}}'))).toEqual([
      expect.objectContaining({ part: 'subject', line: 1, message: 'Okänd variabel "lastNamn"' }),
    ]);
  });

  it('says what is wrong with MJML in Swedish, at its line', async () => {
    const problems = await problemsOf(
      version(
        'sv1',
        [
          '<mj-text align="middle">a</mj-text>',
          '<mj-button bogus="1" href="https://x">b</mj-button>',
          '<mj-text padding="abc">c</mj-text>',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        line: 5,
        message:
          'Attributet align har ett ogiltigt värde (middle); tillåtna värden: left, right, center, justify',
      }),
      expect.objectContaining({ line: 6, message: 'Attributet bogus finns inte på <mj-button>' }),
      expect.objectContaining({
        line: 7,
        message: 'Attributet padding har ett ogiltigt värde (abc); ange 1–4 mått i px eller %',
      }),
    ]);
    const misplaced = await problemsOf({
      versionId: 'sv2',
      variants: {
        sv: { subject: 'Hej', mjml: '<mjml>\n<mj-body>\n<mj-text>x</mj-text>\n</mj-body>\n</mjml>' },
      },
    });
    expect(misplaced).toEqual([
      expect.objectContaining({
        line: 3,
        message:
          '<mj-text> kan inte ligga direkt i <mj-body>, bara i <mj-attributes>, <mj-column>, <mj-hero>',
      }),
    ]);
  });

  it('refuses text that is no MJML at all with a problem (MJML itself throws)', async () => {
    const problems = await problemsOf({
      versionId: 'x1',
      variants: { sv: { subject: 'Hej', mjml: 'Hej!' } },
    });
    expect(problems).toEqual([
      {
        part: 'body',
        language: 'sv',
        line: null,
        message: expect.stringMatching(/^MJML-koden kunde inte läsas/),
      },
    ]);
  });

  it('explains Handlebars syntax errors in Swedish, at their line', async () => {
    const unclosed = await problemsOf(version('h1', '<mj-text>\n{{#if firstName}}Hej</mj-text>'));
    expect(unclosed[0]).toMatchObject({ line: 6, message: 'Syntaxfel: {{#if}} avslutas aldrig med {{/if}}' });
    const mismatched = await problemsOf(version('h2', '<mj-text>{{#if firstName}}Hej{{/each}}</mj-text>'));
    expect(mismatched[0]).toMatchObject({
      line: 5,
      message: 'Syntaxfel: {{#if}} avslutas med {{/each}} i stället för {{/if}}',
    });
    const broken = await problemsOf(version('h3', '<mj-text>{{firstName}</mj-text>'));
    expect(broken[0]).toMatchObject({ line: 5, message: expect.stringMatching(/^Syntaxfel: en \{\{ \}\}/) });
  });

  it('compiles an unsaved variant uncached, in its own language, with its problems labelled so', async () => {
    const compiler = new TemplateCompiler();
    const draft = await compiler.compileDraft('en', {
      subject: 'Hi {{firstName}}',
      mjml: mjml('<mj-text>Hello</mj-text>'),
    });
    expect(draft.languageFor('sv')).toBe('en');
    expect(draft.render({ firstName: 'Anna' }, 'sv')).toMatchObject({ language: 'en', subject: 'Hi Anna' });
    await compiler.compileDraft('en', { subject: 'Hi', mjml: mjml('<mj-text>Hello</mj-text>') });
    expect(compiler.mjmlCompileCount).toBe(2);
    expect(compiler.cached('')).toBeUndefined();
    await expect(
      compiler.compileDraft(
        'en',
        { subject: 'Hi', mjml: mjml('<mj-text>{{rsvpUrl}}</mj-text>') },
        'newsletter',
      ),
    ).rejects.toMatchObject({
      problems: [{ part: 'body', language: 'en', line: 5, message: 'Okänd variabel "rsvpUrl"' }],
    });
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))(
    'built-in template %s compiles in both languages',
    async (_key, t) => {
      const compiled = await new TemplateCompiler().compile({
        versionId: t.key,
        purpose: t.purpose,
        variants: t.variants,
      });
      const sv = compiled.render(
        {
          firstName: 'Anna',
          organization: { name: 'Hemslöjden' },
          region: { name: 'Region Dalarna' },
          unsubscribeUrl: 'https://x/u/t',
        },
        'sv',
      );
      expect(sv.html).toContain('Anna');
      expect(sv.html).toContain('href="https://x/u/t"');
      expect(sv.text).toContain('Avsluta prenumerationen [https://x/u/t]');
      expect(compiled.render({}, 'en').text).toContain('Unsubscribe');
    },
  );

  it('names the letter by its subject when the template left the title empty (escaped, once)', async () => {
    const compiled = await new TemplateCompiler().compile(version('t1', '<mj-text>Hej</mj-text>'));
    const out = compiled.render({ firstName: 'Anna' });
    expect(out.html).toContain('<title></title>');
    const titled = withSubjectAsTitle(out.html, 'Möte <i>i</i> "Falun" & Mora');
    expect(titled).toContain('<title>Möte &lt;i&gt;i&lt;/i&gt; &quot;Falun&quot; &amp; Mora</title>');
    expect(titled.match(/<title>/g)).toHaveLength(1);
    // A template with its own <mj-title> keeps it.
    const own = '<html><head><title>Eget</title></head></html>';
    expect(withSubjectAsTitle(own, 'Ämne')).toBe(own);
  });
});
