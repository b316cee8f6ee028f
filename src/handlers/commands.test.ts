import { describe, expect, it } from 'vitest';
import { AppError, StationUnavailableError } from '../core/shared/app-error.js';
import { CallFailure } from '../gateway/types.js';
import { FakeStationLink } from '../test-kit/station-link.js';
import { createStationCommands } from './commands.js';

describe('station commands', () => {
  it('translates by the version each station is connected with', async () => {
    const link = new FakeStationLink({ OLD: '1.6', NEW: '2.0.1' }).answer('Reset', { status: 'Accepted' });
    const commands = createStationCommands(link);
    await commands.reset('OLD', 'hard');
    await commands.reset('NEW', 'hard');
    expect(link.calls.map((c) => [c.stationId, c.payload])).toEqual([['OLD', { type: 'Hard' }], ['NEW', { type: 'Immediate' }]]);
  });

  it('refuses a station that is not connected, as a rejected promise', async () => {
    const commands = createStationCommands(new FakeStationLink({}));
    const pending = commands.clearCache('GONE');
    await expect(pending).rejects.toThrow(StationUnavailableError);
    await expect(pending).rejects.toMatchObject({ code: 'station_offline' });
  });

  it('maps call failures to API errors', async () => {
    const link = new FakeStationLink({ S: '2.0.1' });
    const commands = createStationCommands(link);
    link.answer('ClearCache', new CallFailure('timeout', 'no answer in 30 s'));
    await expect(commands.clearCache('S')).rejects.toMatchObject({ code: 'station_timeout', status: 504 });
    link.answer('ClearCache', new CallFailure('closed', 'socket closed'));
    await expect(commands.clearCache('S')).rejects.toMatchObject({ code: 'station_closed' });
    link.answer('ClearCache', new CallFailure('callerror', 'ClearCache is not implemented here', 'NotImplemented'));
    const error = await commands.clearCache('S').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'station_error', status: 502, message: 'station answered NotImplemented: ClearCache is not implemented here' });
    link.answer('ClearCache', new CallFailure('invalid-response', 'status must be one of Accepted, Rejected'));
    await expect(commands.clearCache('S')).rejects.toMatchObject({ code: 'station_invalid_response', status: 502 });
    link.answer('ClearCache', new CallFailure('queue-full', 'too many'));
    await expect(commands.clearCache('S')).rejects.toMatchObject({ code: 'station_busy', status: 503 });
    link.answer('ClearCache', new CallFailure('invalid-request', 'idTag too long'));
    await expect(commands.clearCache('S')).rejects.toMatchObject({ code: 'invalid_command', status: 400 });
  });

  it('passes other errors through unchanged', async () => {
    const link = new FakeStationLink({ S: '1.6' }).answer('ClearCache', new RangeError('boom'));
    await expect(createStationCommands(link).clearCache('S')).rejects.toThrow(RangeError);
  });
});
