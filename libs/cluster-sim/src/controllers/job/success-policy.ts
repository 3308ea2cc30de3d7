import { parseIndexes, total, type Intervals } from './indexed-job-utils';

// pkg/controller/job/success_policy.go: an Indexed Job may succeed before every index has,
// once the succeeded indexes satisfy one of its successPolicy rules.

function matchesIndexesRule(required: Intervals, succeeded: Intervals, count?: number): boolean {
  let contains = 0;
  for (const r of required)
    for (const s of succeeded) {
      const overlap = Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1;
      if (overlap > 0) contains += overlap;
    }
  return contains === total(required) || (count !== undefined && contains >= count);
}

/** The SuccessCriteriaMet message ("Matched rules at index 0"), or undefined. */
export function matchSuccessPolicy(
  policy: any,
  completions: number,
  succeeded: Intervals,
): string | undefined {
  if (!policy || !succeeded.length) return undefined;
  const rules: any[] = policy.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (!required.length) continue;
      if (matchesIndexesRule(required, succeeded, rule.succeededCount))
        return `Matched rules at index ${i}`;
    } else if (rule.succeededCount !== undefined && total(succeeded) >= rule.succeededCount)
      return `Matched rules at index ${i}`;
  }
  return undefined;
}
