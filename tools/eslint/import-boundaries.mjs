import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The service map's import rules: an app never imports another app, and a library never imports an app (a library
 * spec that needs the simulator lives under test/). Relative imports are resolved against the importing file; the
 * `@cfn/<lib>` aliases name libraries and are always allowed.
 */
const topOf = (root, file) => {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'apps' && parts.length > 1) return { kind: 'app', name: parts[1] };
  if (parts[0] === 'libs' && parts.length > 1) return { kind: 'lib', name: parts[1] };
  return { kind: 'other', name: parts[0] };
};

export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'apps import libs only; libs never import apps' },
    messages: {
      appImportsApp: "apps/{{from}} may not import apps/{{to}}: share it through a library in libs/ or a message contract.",
      libImportsApp: "libs/{{from}} may not import apps/{{to}}: libraries sit below apps (a spec needing the simulator goes under test/).",
    },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const from = topOf(root, context.filename);
    if (from.kind === 'other') return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = topOf(root, resolve(dirname(context.filename), source));
      if (to.kind !== 'app') return;
      if (from.kind === 'app' && to.name !== from.name) {
        context.report({ node, messageId: 'appImportsApp', data: { from: from.name, to: to.name } });
      }
      if (from.kind === 'lib') context.report({ node, messageId: 'libImportsApp', data: { from: from.name, to: to.name } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
    };
  },
};
