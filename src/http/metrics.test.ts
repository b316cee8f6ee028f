import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './metrics.js';

const frameLine = (text: string, direction: string, action: string, type: string): string | undefined =>
  text.split('\n').find((l) => l.startsWith(`chargewatch_ocpp_frames_total{direction="${direction}",action="${action}",type="${type}"}`));

describe('ServerMetrics', () => {
  it('counts frames by direction, action and kind, each frame once however often the metrics are read', async () => {
    const m = new ServerMetrics();
    const base = { atMs: 0, stationId: 'CP-1', text: '[]' };
    m.frame({ ...base, direction: 'in', messageType: 2, messageId: '1', action: 'Heartbeat' }, 'Heartbeat');
    m.frame({ ...base, direction: 'out', messageType: 3, messageId: '1', action: 'Heartbeat' }, 'Heartbeat');
    m.frame({ ...base, direction: 'in', messageType: 2, messageId: '2', action: 'Heartbeat' }, 'Heartbeat');
    m.frame({ ...base, direction: 'in' }, 'other');
    let text = await m.text();
    expect(frameLine(text, 'in', 'Heartbeat', 'call')).toMatch(/ 2$/);
    expect(frameLine(text, 'out', 'Heartbeat', 'result')).toMatch(/ 1$/);
    expect(frameLine(text, 'in', 'other', 'invalid')).toMatch(/ 1$/);
    text = await m.text();
    expect(frameLine(text, 'in', 'Heartbeat', 'call')).toMatch(/ 2$/);
    m.frame({ ...base, direction: 'in', messageType: 2, messageId: '3', action: 'Heartbeat' }, 'Heartbeat');
    expect(frameLine(await m.text(), 'in', 'Heartbeat', 'call')).toMatch(/ 3$/);
  });
});
