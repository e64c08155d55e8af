import { TemplateCompiler } from '../template-compiler';
import { TemplateInvalidException } from '../template-errors';
import { PURPOSE_VARIABLES } from '../template-variables';
import { BUILT_IN_TEMPLATES } from './built-in-templates';

/** Every built-in template is valid for its own purpose: MJML, Handlebars and only its purpose's variables. */
describe('built-in templates', () => {
  it('have unique keys and names', () => {
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.key)).size).toBe(BUILT_IN_TEMPLATES.length);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.name)).size).toBe(BUILT_IN_TEMPLATES.length);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))(
    '%s validates against its purpose in Swedish and English',
    async (_key, t) => {
      const purpose = t.purpose ?? 'newsletter';
      await expect(
        new TemplateCompiler().validate({ purpose, variants: t.variants }).catch((err: unknown) => {
          throw err instanceof TemplateInvalidException ? new Error(JSON.stringify(err.problems)) : err;
        }),
      ).resolves.toBeUndefined();
    },
  );

  it('the host request and its reminder are there, with a button per answer and the answer page', async () => {
    for (const key of ['vardforfragan', 'vardforfragan-paminnelse']) {
      const t = BUILT_IN_TEMPLATES.find((b) => b.key === key)!;
      expect(t.purpose).toBe('host_request');
      const compiled = await new TemplateCompiler().compile({
        versionId: `prov-${key}`,
        purpose: 'host_request',
        variants: t.variants,
      });
      const links = Object.fromEntries(
        Object.keys(PURPOSE_VARIABLES.host_request)
          .filter((v) => v.endsWith('Url'))
          .map((v) => [v, `https://crm.example.se/h/TOKEN/${v}`]),
      );
      const context = {
        firstName: 'Eva',
        round: { name: 'Omgång 2027', deadline: 'fredag 10 mars 2027' },
        ...links,
      };
      for (const lang of ['sv', 'en'] as const) {
        const out = compiled.render(context, lang);
        for (const url of Object.values(links)) expect(out.html).toContain(`href="${url}"`);
        expect(out.subject).toContain('Omgång 2027');
        expect(out.text).toContain('10 mars 2027');
      }
      expect(compiled.render(context, 'sv').html).toContain('Ja, vi vill vara värd');
      expect(compiled.render(context, 'en').html).toContain('Yes, we would like to host');
    }
  });
});
