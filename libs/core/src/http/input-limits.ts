import { ParseIntPipe } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError, badRequest } from './errors';

/**
 * The limits every request meets where it enters an app, before routing, validation or any code
 * that recurses over a value (docs/api.md, "Limits on input"):
 *
 * - a JSON body nests at most `MAX_JSON_DEPTH` levels (measured without recursion);
 * - no string (JSON value or key, query parameter, path segment) holds a NUL character, which
 *   PostgreSQL cannot store in text, or a lone UTF-16 surrogate, which is no character at all;
 * - a JSON number is finite (`1e400` parses to Infinity).
 *
 * Numbers within the range of what stores them are the validation pipe's part (`numberLimits`).
 */
export const MAX_JSON_DEPTH = 64;

/** The range of a 32-bit integer column: an `@IsInt()` field without its own `@Min`/`@Max`. */
export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;
/** The largest magnitude of an `@IsNumber()` field without its own bounds: sums stay finite. */
export const MAX_NUMBER_MAGNITUDE = 1e15;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be taken (`what` names where it was), or undefined when it can. */
export function textProblem(text: string, what: string): string | undefined {
  const problem = textFault(text);
  if (problem === 'nul') return `${what} contains a NUL character, which cannot be stored.`;
  if (problem === 'surrogate') return `${what} contains a lone UTF-16 surrogate, which is not a character.`;
  return undefined;
}

// Any surrogate at all: only then is the (slower) lone-surrogate test worth running.
const SURROGATE = /[\ud800-\udfff]/;

function textFault(text: string): 'nul' | 'surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text)) return 'surrogate';
  return undefined;
}

/**
 * Why a parsed JSON value cannot be taken, or undefined: depth, strings (keys too) and numbers,
 * walked with an explicit stack so that a value nested 100,000 levels costs no call stack. (On
 * every request body: the sentence is only built for a problem found.)
 */
export function jsonProblem(value: unknown, what = 'The request body'): string | undefined {
  const inWhat = () => `${what.charAt(0).toLowerCase()}${what.slice(1)}`;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      if (textFault(v)) return textProblem(v, `A string in ${inWhat()}`);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${what} holds a number too large to be represented.`;
    } else if (typeof v === 'object' && v !== null) {
      if (depth > MAX_JSON_DEPTH) return `${what} nests deeper than ${MAX_JSON_DEPTH} levels.`;
      if (Array.isArray(v))
        for (const item of v) {
          values.push(item);
          depths.push(depth + 1);
        }
      else
        for (const key of Object.keys(v)) {
          if (textFault(key)) return textProblem(key, `A field name in ${inWhat()}`);
          values.push((v as Record<string, unknown>)[key]);
          depths.push(depth + 1);
        }
    }
  }
  return undefined;
}

function pathProblem(path: string): string | undefined {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'The request path is not valid percent-encoded UTF-8.';
    }
    const problem = textProblem(decoded, 'The request path');
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The middleware that applies these limits; it runs after the JSON body parser and before
 * routing. Answers 400 in the platform's error shape.
 */
export function inputLimits() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem =
      pathProblem(req.path) ??
      jsonProblem(req.query, 'The query string') ??
      (req.body === undefined ? undefined : jsonProblem(req.body));
    if (problem === undefined) return next();
    const error = badRequest(problem);
    res.status(400).json(error.getResponse());
  };
}

/**
 * A whole-number id in the URL (`/simulations/:id`), within the 32-bit integer column it names;
 * anything else is a 400 with `sentence`.
 */
export function IntegerIdPipe(sentence: string): ParseIntPipe {
  return new (class extends ParseIntPipe {
    override async transform(
      value: string,
      metadata: Parameters<ParseIntPipe['transform']>[1],
    ): Promise<number> {
      const id = await super.transform(value, metadata);
      if (!Number.isSafeInteger(id) || id < INT32_MIN || id > INT32_MAX) throw badRequest(sentence);
      return id;
    }
  })({ exceptionFactory: (): ApiError => badRequest(sentence) });
}
