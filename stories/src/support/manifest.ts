// The Custom Elements Manifest as the docs pages should show it: the public API only.

interface Member {
  readonly privacy?: 'public' | 'private' | 'protected';
}
interface Manifest {
  readonly modules: ReadonlyArray<{
    readonly declarations?: ReadonlyArray<{ readonly members?: readonly Member[] }>;
  }>;
}

/** `manifest` without private and protected members (internal fields and helpers of the classes). */
export function publicApi(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) => ({
        ...declaration,
        members: declaration.members?.filter((member) => (member.privacy ?? 'public') === 'public'),
      })),
    })),
  };
}
