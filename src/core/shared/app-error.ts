/** A failure the API reports to its caller: a stable code, an HTTP status and a readable message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The requested thing does not exist. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} not found`, 404, { what, id });
  }
}

/** The request is well-formed but conflicts with the current state. */
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, 409, details);
  }
}

/** The request payload is invalid. */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_request', message, 400, details);
  }
}

/** A station could not be reached or did not answer in time. */
export class StationUnavailableError extends AppError {
  constructor(stationId: string, reason: 'offline' | 'timeout' | 'closed') {
    super(`station_${reason}`, `station ${stationId} is ${reason === 'offline' ? 'not connected' : reason === 'timeout' ? 'not answering (timeout)' : 'disconnected before answering'}`, 504, { stationId });
  }
}
