// rename_columns as the original applied them: successive renames of snake_case names, in list order
// (so [{a: b}, {b: c}] turns a into c, like successive pandas df.rename calls).

export type RenameFn = (column: string) => string;

export function makeRenamer(renames: ReadonlyArray<Record<string, string>>): RenameFn {
  const steps = renames.flatMap((r) => Object.entries(r));
  if (steps.length === 0) return (c) => c;
  return (column) => {
    let name = column;
    for (const [from, to] of steps) if (name === from) name = to;
    return name;
  };
}
