import { evaluate, EvaluationContext, TemplateDocument } from '@cfn/template';

/**
 * The export names a template imports (Fn::ImportValue in its resources' Properties and Metadata and in its
 * Outputs), each argument evaluated with what is known before any resource exists (parameters, mappings, pseudo
 * parameters). AWS does not let an import's name depend on a resource; such an argument is left out here and
 * fails where it is evaluated.
 */
export function importNamesOf(template: TemplateDocument, ctx: EvaluationContext): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::ImportValue') {
        const name = nameOf(value, ctx);
        if (name !== undefined) names.add(name);
      }
      visit(value);
    }
  };
  for (const resource of Object.values(template.Resources ?? {})) {
    visit(resource.Properties);
    visit(resource.Metadata);
  }
  for (const output of Object.values(template.Outputs ?? {})) visit(output.Value);
  return [...names].sort();
}

function nameOf(argument: unknown, ctx: EvaluationContext): string | undefined {
  try {
    const name = evaluate(argument, ctx);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
