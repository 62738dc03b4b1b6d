/**
 * What the records refuse, with the status the wire protocol answers. The protocol writes
 * `ERROR: <message>`; the REST routes turn it into the usual `{error, statusCode}` body.
 */
export class RecordError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Input that breaks a rule of the record it describes (the message says which rule). */
export class InvalidRecord extends RecordError {
  constructor(message: string) {
    super(400, message);
  }
}

export const recordConflict = (message: string) => new RecordError(409, message);
export const recordNotFound = (message: string) => new RecordError(404, message);
