import Handlebars from 'handlebars';
import { TemplateProblem } from './template-errors';
import { TEMPLATE_HELPERS, TEMPLATE_VARIABLES } from './template-variables';

type Node = hbs.AST.Node;

/**
 * Parses a Handlebars source and reports syntax errors and variables that are not in TEMPLATE_VARIABLES, with
 * line numbers. Block helpers (#if, #unless, #each, #with) are allowed; their parameters must be known variables.
 */
export function findHandlebarsProblems(
  source: string,
  where: Pick<TemplateProblem, 'part' | 'language'>,
): TemplateProblem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const line = /line (\d+)/i.exec(message);
    return [
      { ...where, line: line ? Number(line[1]) : null, message: `Syntaxfel: ${message.split('\n')[0]}` },
    ];
  }
  const problems: TemplateProblem[] = [];
  const known = new Set(Object.keys(TEMPLATE_VARIABLES));
  const helpers = new Set<string>([...TEMPLATE_HELPERS, 'if', 'unless', 'each', 'with']);

  const checkPath = (path: hbs.AST.PathExpression, isHelperCall: boolean) => {
    if (path.data) return; // @index, @first … inside #each
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
      problems.push({ ...where, line: path.loc?.start.line ?? null, message: `Okänd variabel "${name}"` });
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
