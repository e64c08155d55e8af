import Handlebars from 'handlebars';
import { TemplateProblem } from './template-errors';
import { MESSAGE_PURPOSE_LABELS, MessagePurpose, TEMPLATE_HELPERS, variablesFor } from './template-variables';

type Node = hbs.AST.Node;

/** The data variables Handlebars sets inside #each; any other `@` path could reach outside the context. */
const DATA_VARIABLES = new Set(['index', 'first', 'last', 'key']);

/**
 * Handlebars' parse error in plain Swedish, with its line: a block never closed (Handlebars names the end of the
 * text; the block's own opening line is more use, found by `unclosedBlock`), a block closed by another's end
 * ("if doesn't match each - 5:3"), or any other badly written {{ }} ("Parse error on line 5: …").
 */
export function handlebarsSyntaxProblem(
  source: string,
  err: Error & { lineNumber?: number },
): Pick<TemplateProblem, 'line' | 'message'> {
  const text = err.message;
  const lineMatch = /line (\d+)/i.exec(text) ?? / - (\d+):\d+$/.exec(text);
  const line = lineMatch ? Number(lineMatch[1]) : (err.lineNumber ?? null);
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(text);
  if (mismatch)
    return {
      line,
      message: `Syntaxfel: {{#${mismatch[1]}}} avslutas med {{/${mismatch[2]}}} i stället för {{/${mismatch[1]}}}`,
    };
  const open = /got 'EOF'/.test(text) ? unclosedBlock(source) : null;
  if (open)
    return { line: open.line, message: `Syntaxfel: {{#${open.name}}} avslutas aldrig med {{/${open.name}}}` };
  return {
    line,
    message:
      'Syntaxfel: en {{ }} är inte rätt skriven (saknas en klammerparentes, ett namn eller ett citattecken?)',
  };
}

/** The innermost block ({{#name …}}) still open at the end of `source`, with its line; null if none. */
function unclosedBlock(source: string): { name: string; line: number } | null {
  const open: { name: string; line: number }[] = [];
  const tag = /\{\{~?\s*([#/])\s*([^\s}~]+)/g;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    if (m[1] === '#') open.push({ name: m[2], line: source.slice(0, m.index).split('\n').length });
    else if (open.at(-1)?.name === m[2]) open.pop();
  }
  return open.at(-1) ?? null;
}

/**
 * Parses a Handlebars source and reports syntax errors and variables that the purpose does not declare
 * (variablesFor), with line numbers. Block helpers (#if, #unless, #each, #with) are allowed; their parameters
 * must be known variables. In the body (HTML), triple braces are refused: they would put a contact's name into
 * the mail as raw HTML.
 */
export function findHandlebarsProblems(
  source: string,
  where: Pick<TemplateProblem, 'part' | 'language'>,
  purpose: MessagePurpose = 'newsletter',
): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (err) {
    return [{ ...where, ...handlebarsSyntaxProblem(source, err as Error & { lineNumber?: number }) }];
  }
  const problems: TemplateProblem[] = [];
  const known = new Set(Object.keys(variablesFor(purpose)));
  const helpers = new Set<string>([...TEMPLATE_HELPERS, 'if', 'unless', 'each', 'with']);

  const checkPath = (path: hbs.AST.PathExpression, isHelperCall: boolean) => {
    if (path.data) {
      if (!DATA_VARIABLES.has(path.parts.join('.')))
        problems.push({
          ...where,
          line: path.loc?.start.line ?? null,
          message: `Okänd datavariabel "@${path.parts.join('.')}" (tillåtna: @index, @first, @last, @key)`,
        });
      return;
    }
    const name = path.parts.join('.');
    if (isHelperCall) {
      if (!helpers.has(name))
        problems.push({
          ...where,
          line: path.loc?.start.line ?? null,
          message: `Okänd hjälpfunktion "${name}"`,
        });
      return;
    }
    if (path.original === 'this' || path.original === '.') return;
    if (!known.has(name)) {
      problems.push({
        ...where,
        line: path.loc?.start.line ?? null,
        message: `Okänd variabel "${name}"${purpose === 'newsletter' ? '' : ` i ${MESSAGE_PURPOSE_LABELS[purpose].toLowerCase()}`}`,
      });
    }
  };

  const visit = (node: Node | undefined | null): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        (node as hbs.AST.Program).body.forEach(visit);
        return;
      case 'MustacheStatement':
      case 'SubExpression': {
        const n = node as hbs.AST.MustacheStatement;
        if (node.type === 'MustacheStatement' && !n.escaped && where.part === 'body')
          problems.push({
            ...where,
            line: n.loc?.start.line ?? null,
            message:
              'Tre klammerparenteser {{{ }}} är inte tillåtna: värdet skulle hamna i brevet som rå HTML',
          });
        const isCall = n.params.length > 0 || (n.hash?.pairs.length ?? 0) > 0;
        if (n.path.type === 'PathExpression') checkPath(n.path as hbs.AST.PathExpression, isCall);
        n.params.forEach(visit);
        n.hash?.pairs.forEach((p) => visit(p.value));
        return;
      }
      case 'BlockStatement': {
        const n = node as hbs.AST.BlockStatement;
        if (n.path.type === 'PathExpression') checkPath(n.path as hbs.AST.PathExpression, true);
        n.params.forEach(visit);
        visit(n.program);
        visit(n.inverse);
        return;
      }
      case 'PathExpression':
        checkPath(node as hbs.AST.PathExpression, false);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        problems.push({
          ...where,
          line: node.loc?.start.line ?? null,
          message: 'Delmallar och dekoratorer stöds inte',
        });
        return;
      default:
        return; // content, comments, literals
    }
  };
  visit(program);
  return problems;
}
