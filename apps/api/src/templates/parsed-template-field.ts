import { isJsonFaithful, TemplateDocument } from '@cfn/template';

/**
 * The `template` field of stack.create.requested and stack.update.requested: the document the api parsed, which the
 * validator checks instead of parsing the body again (ADR 43). Left out when JSON would change the document on the
 * way (a YAML `.inf`); the validator then parses the body as before.
 */
export function parsedTemplateField(template: TemplateDocument): { template?: Record<string, unknown> } {
  return isJsonFaithful(template) ? { template: template as unknown as Record<string, unknown> } : {};
}
