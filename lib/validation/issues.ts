/**
 * Plain-English messages for failed zod checks. The schemas use `zod/mini`, which loads no locale unless told
 * to (`z.config(z.locales.en())`), so a check without its own message would read "Invalid input". Rather than
 * load zod's English, a check without its own message is described here from the issue itself, in the words
 * our refusals use ("is required", "must be at most 64 characters"), naming the field as the caller wrote it.
 */
import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

/** The value a path points at inside what was parsed (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, word: 'least' | 'most', symbol: '≥' | '≤'): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  if (issue.origin === 'string') return `must be at ${word} ${limit} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `must have at ${word} ${limit} entries`;
  return `must be ${symbol} ${limit}`;
}

/**
 * The issue's own message when a schema gave one, otherwise one made from its code; "is required" for a
 * field that is missing rather than of the wrong type.
 * @example issueMessage({ code: 'invalid_type', expected: 'string', … }, 7) // "expected string, received number"
 */
function issueMessage(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_type' && value === undefined) return 'is required';
  if (issue.message !== '' && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, received ${typeName(value)}`;
    case 'too_small':
      return bound(issue, 'least', '≥');
    case 'too_big':
      return bound(issue, 'most', '≤');
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((allowed) => JSON.stringify(allowed)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is invalid';
  }
}

/**
 * A path as written on the wire, "date_price[1].date"; `nameOf` may name the entry at an index by its id,
 * "hotels[0] (SUP-SEL-001).roomTypes[1] (RT-STD-KING)".
 */
function formatPath(input: unknown, path: readonly PropertyKey[], nameOf?: (entry: unknown) => string | undefined): string {
  let node = input;
  let text = '';
  for (const key of path) {
    node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    if (typeof key !== 'number') {
      text += text === '' ? String(key) : `.${String(key)}`;
      continue;
    }
    text += `[${key}]`;
    const name = nameOf?.(node);
    if (name !== undefined) text += ` (${name})`;
  }
  return text;
}

/**
 * "date_price[1].date: must be …": the first issue with its wire path, for an error naming the field.
 * @example describeIssue(schema.safeParse(body).error, body)
 */
export function describeIssue(
  error: { issues: readonly Issue[] },
  input: unknown,
  nameOf?: (entry: unknown) => string | undefined,
): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'is invalid';
  const path = formatPath(input, issue.path, nameOf);
  const message = issueMessage(issue, valueAt(input, issue.path));
  return path === '' ? message : `${path}: ${message}`;
}

/**
 * Every issue with its wire path and message, for an answer that lists them all.
 * @example issuesOf(schema.safeParse(body).error, body) // [{ path: 'changes[1].set.minStay', message: 'must be ≥ 1' }]
 */
export function issuesOf(error: { issues: readonly Issue[] }, input: unknown): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: formatPath(input, issue.path),
    message: issueMessage(issue, valueAt(input, issue.path)),
  }));
}
