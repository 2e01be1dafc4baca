// camelCase → snake_case exactly as the original Lambda did it (Python):
//   re.sub("([a-z])([A-Z])", r"\1_\2")  then  re.sub("([A-Z]+)([A-Z][a-z])", r"\1_\2"),
//   then runs of "_" collapsed, leading/trailing "_" stripped, lowercased.
// Digits are not word boundaries there ("address1Line" → "address1line"); we keep that for column parity.

export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}
