// What a zod schema found wrong with some input, one path and message per
// problem: how the API's validation, an import's rejected rows and the CLI name
// a bad field.
import type { z } from 'zod';

export interface IssueDetail {
  /** Where the problem is: 'body.loan.installments.0.dueDate', 'loan.currency'; '' for the whole input. */
  path: string;
  message: string;
}

/** One detail per problem, its path under `location` when given; an unrecognized key becomes one detail per key, at the key's own path. */
export function issueDetails(issues: readonly z.core.$ZodIssue[], location?: string): IssueDetail[] {
  return issues.flatMap((issue) => {
    const at = (path: readonly PropertyKey[]) => (location ? [location, ...path] : path).map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: at(issue.path), message: issue.message }];
  });
}
