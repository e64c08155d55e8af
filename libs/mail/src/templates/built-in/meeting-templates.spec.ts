import { TemplateCompiler } from '../template-compiler';
import { BUILT_IN_TEMPLATES } from './built-in-templates';

const KEYS = [
  'mote-inbjudan',
  'mote-paminnelse',
  'mote-bekraftelse',
  'mote-vantelista',
  'mote-andring',
  'mote-installt',
];

const CONTEXT = {
  firstName: 'Anna',
  organization: { name: 'Folk & Kultur' },
  meeting: {
    title: 'Dialogmöte',
    date: 'tisdag 14 mars 2017 kl. 18.00',
    time: '18.00–20.00',
    venue: 'Kulturhuset',
    address: 'Storgatan 1',
    city: 'Falun',
    region: 'Region Dalarna',
    deadline: 'fredag 10 mars 2017',
    description: '',
    agenda: '',
  },
  rsvp: { answer: 'Du är anmäld.' },
  notice: { text: 'Mötet har flyttats.' },
  rsvpUrl: 'https://crm.example.se/r/T',
  rsvpYesUrl: 'https://crm.example.se/r/T?svar=ja',
  rsvpNoUrl: 'https://crm.example.se/r/T?svar=nej',
  rsvpMaybeUrl: 'https://crm.example.se/r/T?svar=kanske',
  unsubscribeUrl: 'https://crm.example.se/u/U',
  viewInBrowserUrl: 'https://crm.example.se/v/V',
};

describe('built-in meeting templates', () => {
  const templates = BUILT_IN_TEMPLATES.filter((t) => KEYS.includes(t.key));

  it('ship all six, each for its purpose, Swedish with English variants', () => {
    expect(templates.map((t) => [t.key, t.purpose])).toEqual([
      ['mote-inbjudan', 'invitation'],
      ['mote-paminnelse', 'reminder'],
      ['mote-bekraftelse', 'confirmation'],
      ['mote-vantelista', 'notice'],
      ['mote-andring', 'notice'],
      ['mote-installt', 'notice'],
    ]);
  });

  it.each(KEYS)('%s validates against its purpose and renders in both languages', async (key) => {
    const template = templates.find((t) => t.key === key)!;
    const compiler = new TemplateCompiler();
    const source = { purpose: template.purpose!, variants: template.variants };
    await expect(compiler.validate(source)).resolves.toBeUndefined();
    const compiled = await compiler.compile({ versionId: key, ...source });
    for (const lang of ['sv', 'en'] as const) {
      const out = compiled.render(CONTEXT, lang);
      expect(out.subject).toContain('Dialogmöte');
      expect(out.html).toContain('Folk &amp; Kultur');
      expect(out.html).toContain('https://crm.example.se/u/U');
      expect(out.text).toContain('Dialogmöte');
    }
  });

  it('the invitation says when, where and by when, with three answer buttons', async () => {
    const template = templates.find((t) => t.key === 'mote-inbjudan')!;
    const compiled = await new TemplateCompiler().compile({
      versionId: 'inbjudan',
      purpose: 'invitation',
      variants: template.variants,
    });
    const out = compiled.render(CONTEXT, 'sv');
    expect(out.text).toContain('tisdag 14 mars 2017 kl. 18.00 (18.00–20.00)');
    expect(out.text).toContain('Kulturhuset, Storgatan 1, Falun');
    expect(out.text).toContain('Svara senast: fredag 10 mars 2017');
    for (const word of ['ja', 'nej', 'kanske'])
      expect(out.html).toContain(`https://crm.example.se/r/T?svar&#x3D;${word}`);
    expect(out.html).toMatch(/Ja, jag kommer[\s\S]*Nej[\s\S]*Kanske/);
  });
});
