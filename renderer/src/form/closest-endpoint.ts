// "Did you mean …?" for an endpoint the app does not know: the known path with the fewest edits (Levenshtein), when
// it is close enough to be a plausible typo or a singular/plural mix-up (`loan/transaction:search`).
import { ENDPOINTS, normaliseEndpoint } from '../../../shared/endpoints';

function edits(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export function closestEndpoint(raw: string): string | undefined {
  const path = normaliseEndpoint(raw).toLowerCase();
  if (!path) return undefined;
  let best: { path: string; d: number } | undefined;
  for (const e of ENDPOINTS) {
    const d = edits(path, e.path.toLowerCase());
    if (!best || d < best.d) best = { path: e.path, d };
  }
  return best && best.d <= Math.max(3, Math.floor(path.length / 3)) ? best.path : undefined;
}
