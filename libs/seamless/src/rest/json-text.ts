/** A JSON text spliced in as it is (an execution record exactly as it was stored). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonTextValue =
  string | number | boolean | null | RawJson | JsonTextValue[] | { [key: string]: JsonTextValue };

/**
 * JSON.stringify that writes RawJson values verbatim: the REST routes answer execution records
 * inside an envelope without parsing them into JavaScript numbers (which would turn 1.0 into 1 and
 * round integers above 2^53).
 */
export function jsonText(value: JsonTextValue): string {
  if (value instanceof RawJson) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
    .join(',')}}`;
}
