import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The house as drawn (DESIGN.md "Layout"): which libs each lib may import. Arrows point down this table and
 * never back: feature libs → sending → mail, crm → database, queue, audit, config, common. A lib is entered
 * only through its index (`@app/<lib>`), never through its files (`@app/<lib>/…` or a relative path into it).
 */
export const LIB_LAYERS = {
  common: [],
  config: ['common'],
  audit: ['common'],
  database: ['common', 'config'],
  queue: ['common', 'config'],
  runtime: ['common', 'config', 'database', 'queue'],
  auth: ['common', 'config', 'audit'],
  crm: ['common', 'config', 'audit', 'queue', 'database'],
  mail: ['common', 'config', 'audit'],
  sending: ['common', 'config', 'audit', 'queue', 'crm', 'mail'],
  tracking: ['common', 'config', 'audit', 'crm', 'mail', 'sending'],
  campaigns: ['common', 'config', 'audit', 'queue', 'crm', 'mail', 'sending'],
  meetings: ['common', 'config', 'audit', 'queue', 'crm', 'mail', 'sending', 'tracking'],
};

const INTO_A_LIBS_FILES = {
  regex: '^@app/[a-z-]+/',
  message: 'Gå in i ett annat bibliotek genom dess index (@app/<bibliotek>), inte genom dess filer.',
};
const RELATIVE_INTO_ANOTHER_LIB = {
  regex: '^(\\.\\./)+(libs/)?[a-z-]+/src/.',
  message: 'En relativ sökväg in i ett annat biblioteks filer: använd @app/<bibliotek> och dess index.',
};

function boundariesOf(lib) {
  const allowed = new Set([...LIB_LAYERS[lib]]);
  const forbidden = Object.keys(LIB_LAYERS).filter((other) => other !== lib && !allowed.has(other));
  return {
    files: [`libs/${lib}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            INTO_A_LIBS_FILES,
            RELATIVE_INTO_ANOTHER_LIB,
            {
              regex: `^@app/(${lib})$`,
              message: `Inom libs/${lib}: importera de egna filerna relativt, inte genom det egna indexet.`,
            },
            ...(forbidden.length
              ? [
                  {
                    regex: `^(@app/|(\\.\\./)+(libs/)?)(${forbidden.join('|')})(/src)?$`,
                    message: `libs/${lib} får bara importera ${[...allowed].map((l) => `@app/${l}`).join(', ') || 'inga andra bibliotek'}: pilarna pekar nedåt (eslint.config.mjs, LIB_LAYERS).`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [INTO_A_LIBS_FILES, RELATIVE_INTO_ANOTHER_LIB] }],
    },
  },
  ...Object.keys(LIB_LAYERS).map(boundariesOf),
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
