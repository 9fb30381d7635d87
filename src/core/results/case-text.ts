// The text that explains a failed case, for every output that has room for one block of text.
import type { TestCase } from './model.js';

/**
 * The details (stack trace), headed by the message when the message has lines of its own that
 * the details do not repeat (CTRF keeps "Expected/Received" in the message, apart from the trace).
 */
export function failureText({
  message,
  details,
}: Pick<TestCase, 'message' | 'details'>): string | undefined {
  if (!message?.includes('\n') || details?.includes(message)) return details;
  return details ? `${message}\n${details}` : message;
}
