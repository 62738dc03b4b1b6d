import { ApiProperty } from '@nestjs/swagger';
import { badRequest } from '@simvault/core';
import { MAX_TAG_KEY, MAX_TAG_VALUE } from '@simvault/entities';
import { IsObject } from 'class-validator';

/** A tag key is a bare name of the filter language, so `tag.<key> = "…"` needs no quoting. */
export const TAG_KEY_PATTERN = new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${MAX_TAG_KEY - 1}}$`);
const TAG_KEY_RULE = `1 to ${MAX_TAG_KEY} letters, digits or underscores, not starting with a digit`;
/** Tags one request may set, and tags one result may hold. */
export const MAX_TAGS_PER_REQUEST = 50;
export const MAX_TAGS_PER_RESULT = 100;
// Printable text: no control characters (tabs and newlines included), which a table cannot show.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export class SetTagsDto {
  @ApiProperty({
    description: `Tags to set, key to value; other tags of the result are kept. Keys: ${TAG_KEY_RULE}; values: 1 to ${MAX_TAG_VALUE} characters without control characters.`,
    example: { project: 'wing-2', campaign: 'spring' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsObject({ message: 'tags must be an object of key to value, such as {"project": "wing-2"}' })
  tags: Record<string, unknown>;
}

/** Why a tag key cannot be taken, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  return TAG_KEY_PATTERN.test(key)
    ? undefined
    : `Tag key ${JSON.stringify(key.slice(0, 100))} is not one: use ${TAG_KEY_RULE}.`;
}

/** The tags of a PUT body, checked: a 400 with a sentence naming the first problem. */
export function checkTags(tags: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length === 0) throw badRequest('tags is empty: give at least one key and value.');
  if (entries.length > MAX_TAGS_PER_REQUEST)
    throw badRequest(`tags holds ${entries.length} keys; set at most ${MAX_TAGS_PER_REQUEST} at once.`);
  const checked: Record<string, string> = {};
  for (const [key, value] of entries) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) throw badRequest(keyProblem);
    if (typeof value !== 'string')
      throw badRequest(`Tag ${key} must be a string value, not ${value === null ? 'null' : typeof value}.`);
    if (value.length === 0 || value.length > MAX_TAG_VALUE)
      throw badRequest(`Tag ${key} must have 1 to ${MAX_TAG_VALUE} characters; it has ${value.length}.`);
    if (CONTROL.test(value)) throw badRequest(`Tag ${key} contains a control character.`);
    checked[key] = value;
  }
  return checked;
}

/** What PUT /results/<id>/tags and DELETE /results/<id>/tags/<key> answer: the result's tags now. */
export class ResultTagsResponse {
  @ApiProperty() execution_id: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { project: 'wing-2' } })
  tags: Record<string, string>;
}
