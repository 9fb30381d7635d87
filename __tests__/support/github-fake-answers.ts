// Error answers of the fake GitHub, shaped like GitHub's, and the limits GitHub enforces that
// its OpenAPI description does not state (answered 422 like GitHub: the check-run API's "exceeds
// a maximum bytesize of 65535", the issue-comment API's "Body is too long").
import type { FakeAnnotation, FakeAnswer } from './github-fake-state.js';

type Json = Record<string, unknown>;

export const DOCS = 'https://docs.github.com/rest';

export function notFound(): FakeAnswer {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}
// GitHub measures check-run output in bytes ("exceeds a maximum bytesize of 65535").
const OUTPUT_BYTES = 65535;
// Issue comment bodies are limited in characters (answered "Body is too long").
const COMMENT_CHARS = 65536;
const TITLE_CHARS = 255;
const DETAILS_BYTES = 64 * 1024;

function invalid(message: string): FakeAnswer {
  return { status: 422, body: { message, documentation_url: DOCS }, violation: message };
}

export function checkOutput(output: Json | undefined): FakeAnswer | undefined {
  if (!output) return undefined;
  for (const field of ['summary', 'text']) {
    const value = output[field];
    if (typeof value === 'string' && Buffer.byteLength(value) > OUTPUT_BYTES) {
      return invalid(
        `Invalid request.\n\nOnly ${OUTPUT_BYTES} bytes are allowed: output.${field} exceeds a maximum bytesize of ${OUTPUT_BYTES} (${Buffer.byteLength(value)}).`,
      );
    }
  }
  const annotations = (output.annotations as FakeAnnotation[] | undefined) ?? [];
  if (annotations.length > 50) return invalid('Invalid request.\n\nAt most 50 annotations.');
  for (const a of annotations) {
    if (a.title !== undefined && a.title.length > TITLE_CHARS) {
      return invalid(`Invalid request.\n\nannotation title is longer than ${TITLE_CHARS}.`);
    }
    for (const field of ['message', 'raw_details'] as const) {
      const value = a[field];
      if (value !== undefined && Buffer.byteLength(value) > DETAILS_BYTES) {
        return invalid(`Invalid request.\n\nannotation ${field} exceeds 64 KB.`);
      }
    }
  }
  return undefined;
}

export function checkCommentBody(body: string): FakeAnswer | undefined {
  if (body.length <= COMMENT_CHARS) return undefined;
  const message = `Body is too long (maximum is ${COMMENT_CHARS} characters)`;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    },
    violation: message,
  };
}
