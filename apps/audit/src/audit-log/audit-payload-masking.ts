import { MASK, maskPaths, noEchoParameterNames, parseTemplate } from '@cfn/template';

type Payload = Record<string, unknown>;

const isRecord = (value: unknown): value is Payload =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The payload as the audit log keeps it: NoEcho parameter values (`noEchoParameters` naming keys of `parameters`)
 * and the property strings derived from them (`noEchoPaths` into `properties`) become `****`. It goes by the fields
 * a message carries, not by its routing key, so every message family that carries them is covered.
 */
export function maskAuditPayload(payload: unknown): unknown {
  if (!isRecord(payload)) return payload;
  let masked: Payload = payload;
  const noEcho = noEchoKeys(payload);
  if (noEcho.length > 0) masked = { ...masked, parameters: maskParameters(payload.parameters, new Set(noEcho)) };
  if (isStringList(payload.noEchoPaths) && isRecord(payload.properties)) {
    masked = { ...masked, properties: maskPaths(payload.properties, payload.noEchoPaths) };
  }
  // resource.configure.requested: the configurator's facts name their secret parameters.
  const facts = payload.facts;
  if (isRecord(facts) && isStringList(facts.secrets) && facts.secrets.length > 0) {
    masked = { ...masked, facts: { ...facts, parameters: maskParameters(facts.parameters, new Set(facts.secrets)) } };
  }
  return masked;
}

/** Declared NoEcho keys; for a stack request without the list (older producers) they are read from its template. */
function noEchoKeys(payload: Payload): string[] {
  if (isStringList(payload.noEchoParameters)) return payload.noEchoParameters;
  if (typeof payload.templateBody !== 'string' || !Array.isArray(payload.parameters)) return [];
  try {
    return noEchoParameterNames(parseTemplate(payload.templateBody));
  } catch {
    // An unreadable template: mask every value rather than risk keeping a secret.
    return (payload.parameters as Array<{ key?: unknown }>).map((parameter) => String(parameter.key));
  }
}

function maskParameters(parameters: unknown, noEcho: Set<string>): unknown {
  if (Array.isArray(parameters)) {
    return parameters.map((parameter) =>
      isRecord(parameter) && noEcho.has(String(parameter.key)) ? { ...parameter, value: MASK } : parameter,
    );
  }
  if (isRecord(parameters)) {
    return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, noEcho.has(key) ? MASK : value]));
  }
  return parameters;
}
