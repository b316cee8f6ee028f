import type { StationLink } from '../core/commands/index.js';
import { OcppValidator, type OcppVersion, type Payload } from '../ocpp/index.js';

/** One CALL the fake link received. */
export interface RecordedCall {
  stationId: string;
  action: string;
  payload: Record<string, unknown>;
}

type Answer = Record<string, unknown> | Error | ((payload: Record<string, unknown>) => Record<string, unknown> | Error);

let validator: OcppValidator | undefined;

/**
 * A StationLink test double: records every CALL, checks it against the official schema of the
 * station's version (as the real gateway would), and answers with canned payloads or failures.
 */
export class FakeStationLink implements StationLink {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly versions: Record<string, OcppVersion>) {}

  /** Sets the answer to an action: a payload, an error to throw, or a function of the request. */
  answer(action: string, answer: Answer): this {
    this.answers.set(action, answer);
    return this;
  }

  /** The station goes offline: later calls to it fail as they would for a station without a socket. */
  disconnect(stationId: string): this {
    delete this.versions[stationId];
    return this;
  }

  versionOf(stationId: string): OcppVersion | undefined {
    return this.versions[stationId];
  }

  async call(stationId: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const version = this.versions[stationId];
    if (!version) throw new Error(`fake link: ${stationId} is not connected`);
    validator ??= new OcppValidator();
    const request = validator.validate(version, action, 'request', payload as Payload);
    if (!request.ok) throw new Error(`fake link: ${version} ${action} request fails its schema: ${request.error.message}`);
    this.calls.push({ stationId, action, payload });
    const canned = this.answers.get(action);
    if (canned === undefined) throw new Error(`fake link: no answer set for ${action}`);
    const answer = typeof canned === 'function' ? canned(payload) : canned;
    if (answer instanceof Error) throw answer;
    const response = validator.validate(version, action, 'response', answer as Payload);
    if (!response.ok) throw new Error(`fake link: canned ${version} ${action} answer fails its schema: ${response.error.message}`);
    return answer;
  }
}
