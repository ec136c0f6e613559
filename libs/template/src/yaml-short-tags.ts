import { type CollectionTag, Pair, Scalar, type ScalarTag, YAMLMap, YAMLSeq } from 'yaml';

/** Short form (`!Join`) -> long-form key (`Fn::Join`). */
const FUNCTION_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Transform': 'Fn::Transform',
};

function wrap(key: string, node: YAMLMap | YAMLSeq): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), node));
  map.range = node.range;
  return map;
}

function scalarArgument(tag: string, source: string): unknown {
  // `!GetAtt Web.PublicIp` is the dotted form; only the first dot separates resource from attribute.
  if (tag === '!GetAtt') {
    const dot = source.indexOf('.');
    return dot < 0 ? source : [source.slice(0, dot), source.slice(dot + 1)];
  }
  return source;
}

/** yaml custom tags turning every CloudFormation short form into its long-form JSON object. */
export function cloudFormationTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const [tag, key] of Object.entries(FUNCTION_TAGS)) {
    tags.push({
      tag,
      identify: () => false,
      resolve: (source: string) => ({ [key]: scalarArgument(tag, source) }),
    });
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag,
        collection,
        identify: () => false,
        resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(key, node),
      });
    }
  }
  return tags;
}
