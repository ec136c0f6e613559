/** AWS's ValidationError texts for malformed intrinsic functions, shared by the shape check and the evaluator. */
export const INTRINSIC_SHAPE_MESSAGES: Record<string, string> = {
  Ref: 'Template format error: Every Ref object must have a single String value.',
  'Fn::GetAtt':
    'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
  'Fn::Join':
    'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
  'Fn::Sub':
    "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
  'Fn::Base64': 'Template error: every Fn::Base64 object must have a String value',
  'Fn::Select': 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list',
  'Fn::Split':
    'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
  'Fn::FindInMap':
    'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
  'Fn::If': 'Template error: Fn::If requires a list argument with three elements: a condition name and two values',
  'Fn::Equals': 'Template error: every Fn::Equals object requires a list of 2 string parameters.',
  'Fn::And': 'Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.',
  'Fn::Or': 'Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters.',
  'Fn::Not': 'Template error: every Fn::Not object requires a list of exactly 1 boolean parameter.',
  Condition: 'Template error: every Condition object requires a String condition name',
  'Fn::GetAZs': 'Template error: every Fn::GetAZs object requires a String region',
  'Fn::ImportValue': 'Template error: every Fn::ImportValue object requires a String export name',
  'Fn::Length': 'Template error: Fn::Length requires a list argument',
  'Fn::ToJsonString': 'Template error: Fn::ToJsonString requires an object or a list argument',
  'Fn::Cidr': 'Template error: every Fn::Cidr object requires three parameters: an ipBlock, a count and cidrBits',
};

/** The functions the evaluator implements (Fn::Transform needs macros, which this service does not run). */
export const SUPPORTED_FUNCTIONS = [
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
] as const;

export function unsupportedFunctionMessage(name: string): string {
  return `Template format error: Encountered unsupported function: ${name} Supported functions are: [${SUPPORTED_FUNCTIONS.join(', ')}]`;
}
