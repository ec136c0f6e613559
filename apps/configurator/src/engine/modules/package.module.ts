import { ChangeScript, runChangeScript } from './change-script';
import { TaskModule } from './task-module';

interface PackageArgs {
  name: string | string[];
  state?: 'present' | 'installed' | 'absent' | 'removed' | 'latest';
  update_cache?: boolean;
}

const PACKAGE_SPEC = /^[a-z0-9][a-z0-9+.-]*(=[A-Za-z0-9.+:~-]+)?$/;
const APT = 'apt-get -y -q -o DPkg::Lock::Timeout=300';

/**
 * The probe and the change for apt/dpkg hosts (the simulator's and most cloud images): `name=version` pins a version.
 * Installed packages are found with dpkg-query, newer candidates (state latest) with apt-cache policy.
 */
export function packageScript(args: PackageArgs): ChangeScript {
  const specs = (Array.isArray(args.name) ? args.name : [args.name])
    .flatMap((name) => name.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  for (const spec of specs)
    if (!PACKAGE_SPEC.test(spec)) throw new Error(`"${spec}" is not a Debian package name (name or name=version)`);
  const state =
    args.state === 'installed' ? 'present' : args.state === 'removed' ? 'absent' : (args.state ?? 'present');
  const decide = {
    present:
      'if [ -z "$have" ] || { [ "$want" != "" ] && [ "$have" != "$want" ]; }; then change "install $spec"; install="$install $spec"; fi',
    latest:
      'cand=$(apt-cache policy "$name" 2>/dev/null | sed -n "s/^ *Candidate: //p")\n' +
      '  if [ -z "$have" ] || { [ -n "$cand" ] && [ "$cand" != "(none)" ] && [ "$cand" != "$have" ]; }; then change "install latest $name"; install="$install $name"; fi',
    absent: 'if [ -n "$have" ]; then change "remove $name"; remove="$remove $name"; fi',
  }[state];
  const probe = [
    'if ! command -v dpkg-query >/dev/null 2>&1; then echo "package: only apt/dpkg hosts are supported"; exit 1; fi',
    'install=""; remove=""',
    `for spec in ${specs.join(' ')}; do`,
    '  name=${spec%%=*}; want=""; case "$spec" in *=*) want=${spec#*=} ;; esac',
    "  have=$(dpkg-query -W -f='${Status} ${Version}' \"$name\" 2>/dev/null | sed -n 's/^install ok installed //p')",
    `  ${decide}`,
    'done',
  ].join('\n');
  const apply = [
    'export DEBIAN_FRONTEND=noninteractive',
    args.update_cache ? `${APT} update` : '',
    `if [ -n "$install" ]; then ${APT} install $install; fi`,
    `if [ -n "$remove" ]; then ${APT} remove $remove; fi`,
  ]
    .filter(Boolean)
    .join('\n');
  return { probe, apply };
}

/** Ansible's package/apt: packages present (optionally pinned), latest, or absent. */
export const packageModule: TaskModule<PackageArgs> = {
  name: 'package',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string' }, minItems: 1 },
        ],
      },
      state: { enum: ['present', 'installed', 'absent', 'removed', 'latest'] },
      update_cache: { type: 'boolean' },
    },
  },
  run: (args, ctx) => runChangeScript(ctx, packageScript(args)),
};

export const aptModule: TaskModule<PackageArgs> = { ...packageModule, name: 'apt' };
