import type { DomainEvent } from '../../bus/bus.js';
import { ConflictError, StationUnavailableError, ValidationError } from '../shared/app-error.js';
import type { ProfileMoveDeps, ProfileMoveResult, ProfileMoveStep, SecurityProfile } from './profile-move.js';

/** Answers that mean a configuration change took (RebootRequired: it takes at the reset that follows). */
const SET_OK = new Set(['Accepted', 'RebootRequired']);

class StepFailed extends Error {}

/**
 * Moves a station to another security profile in the order OCPP requires, stopping at the first step that
 * fails: the credential first (1.6 ChangeConfiguration AuthorizationKey / 2.0.1 SetVariables
 * BasicAuthPassword for profiles 1–2; a client certificate of ours for 3), then the switch (1.6
 * ChangeConfiguration SecurityProfile; 2.0.1 SetNetworkProfile in a free slot, NetworkConfigurationPriority
 * with that slot first, Reset), then the wait for the station to reconnect with the new profile, and only
 * then our minimum profile for the station is raised. A lower minimum is set first, so the station is let
 * back in.
 */
export class ProfileMover {
  /** Stations with a move under way: a second one would interleave its steps with the first's. */
  private readonly moving = new Set<string>();

  constructor(private readonly deps: ProfileMoveDeps) {}

  /** Runs the move; expected failures (a refusal, a timeout) are steps in the result, not errors. */
  async move(stationId: string, input: { profile: SecurityProfile; password?: string; url?: string }): Promise<ProfileMoveResult> {
    const { profile } = input;
    if (profile !== 3 && input.password === undefined) throw new ValidationError(`security profile ${profile} needs a password`);
    if (profile === 3 && input.password !== undefined) throw new ValidationError('security profile 3 authenticates with a client certificate, not a password');
    if (this.moving.has(stationId)) throw new ConflictError(`station ${stationId} is already being moved to another security profile`);
    this.moving.add(stationId);
    try {
      return await this.run(stationId, input);
    } finally {
      this.moving.delete(stationId);
    }
  }

  private async run(stationId: string, input: { profile: SecurityProfile; password?: string; url?: string }): Promise<ProfileMoveResult> {
    const { profile } = input;
    const station = await this.deps.stations.get(stationId);
    if (!station.online || (station.protocol !== '1.6' && station.protocol !== '2.0.1')) throw new StationUnavailableError(stationId, 'offline');
    const steps: ProfileMoveStep[] = [];
    const take = async (step: string, request: string, run: () => Promise<string>, ok: (answer: string) => boolean): Promise<string> => {
      let answer: string;
      try {
        answer = await run();
      } catch (error) {
        steps.push({ step, request, ok: false, answer: null, detail: (error as Error).message });
        throw new StepFailed();
      }
      steps.push({ step, request, ok: ok(answer), answer });
      if (!ok(answer)) throw new StepFailed();
      return answer;
    };
    const set = (key: string, value: string) => async () => (await this.deps.commands.changeConfiguration(stationId, [{ key, value }]))[0]?.status ?? 'Missing';
    try {
      const minimum = await this.deps.minimumProfile.get(stationId);
      if (profile < minimum) await take('lower-minimum', `minimum profile ${minimum} → ${profile}`, async () => (await this.deps.minimumProfile.set(stationId, profile), 'done'), () => true);
      if (profile === 3) {
        await take('client-certificate', 'client certificate from our CA', async () => ((await this.deps.hasClientCertificate(stationId)) ? 'installed' : 'missing'), (a) => a === 'installed');
      } else {
        const key = station.protocol === '1.6' ? 'AuthorizationKey' : 'SecurityCtrlr.BasicAuthPassword';
        await take('password', `${station.protocol === '1.6' ? 'ChangeConfiguration' : 'SetVariables'} ${key}`, set(key, input.password!), (a) => SET_OK.has(a));
        await take('store-password', 'password stored for the station', async () => (await this.deps.stations.setPassword(stationId, input.password!), 'done'), () => true);
      }
      const back = this.reconnection(stationId);
      try {
        if (station.protocol === '1.6') {
          await take('switch', 'ChangeConfiguration SecurityProfile', set('SecurityProfile', String(profile)), (a) => SET_OK.has(a));
          if (steps[steps.length - 1]!.answer === 'RebootRequired') await take('reset', 'Reset Soft', async () => (await this.deps.commands.reset(stationId, 'soft')).status, (a) => a === 'Accepted');
        } else {
          await this.switch201(stationId, profile, input.url, take, set);
        }
        await take('reconnect', `reconnect with security profile ${profile}`, () => back.wait(), (a) => a === `profile ${profile}`);
      } finally {
        back.cancel();
      }
      if (profile > minimum) await take('raise-minimum', `minimum profile ${minimum} → ${profile}`, async () => (await this.deps.minimumProfile.set(stationId, profile), 'done'), () => true);
      return { ok: true, profile, steps };
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      return { ok: false, profile, steps };
    }
  }

  private async switch201(
    stationId: string, profile: SecurityProfile, url: string | undefined,
    take: (step: string, request: string, run: () => Promise<string>, ok: (a: string) => boolean) => Promise<string>,
    set: (key: string, value: string) => () => Promise<string>,
  ): Promise<void> {
    const target = url ?? this.deps.csmsUrl(profile);
    if (!target) {
      await take('url', `CSMS URL for security profile ${profile}`, async () => 'not configured', () => false);
      return;
    }
    // The new profile goes in a slot the station is not using, placed first; the old slot stays as the fallback.
    const priority = await take('read-priority', 'GetVariables OCPPCommCtrlr.NetworkConfigurationPriority', async () => {
      const answer = await this.deps.commands.getConfiguration(stationId, ['OCPPCommCtrlr.NetworkConfigurationPriority']);
      return answer.entries[0]?.value ?? '';
    }, () => true);
    const used = priority.split(',').map((s) => s.trim()).filter((s) => s !== '');
    let slot = 0;
    while (used.includes(String(slot))) slot++;
    await take('network-profile', `SetNetworkProfile slot ${slot} (profile ${profile}, ${target})`, () => this.deps.certificateCommands.setNetworkProfile(stationId, slot, { url: target, securityProfile: profile }), (a) => a === 'Accepted');
    await take('priority', 'SetVariables OCPPCommCtrlr.NetworkConfigurationPriority', set('OCPPCommCtrlr.NetworkConfigurationPriority', [String(slot), ...used].join(',')), (a) => SET_OK.has(a));
    await take('reset', 'Reset OnIdle', async () => (await this.deps.commands.reset(stationId, 'soft')).status, (a) => a === 'Accepted' || a === 'Scheduled');
  }

  /** Waits for the station's next connection and reports the profile it came with. */
  private reconnection(stationId: string): { wait(): Promise<string>; cancel(): void } {
    let settle: ((answer: string) => void) | undefined;
    const result = new Promise<string>((resolve) => (settle = resolve));
    const unsubscribe = this.deps.bus.subscribe((event: DomainEvent) => {
      if (event.stationId !== stationId) return;
      this.deps.stations.get(stationId).then((s) => settle?.(`profile ${s.securityProfile}`), (error: Error) => settle?.(`error: ${error.message}`));
    }, ['station.connected']);
    let timer: NodeJS.Timeout | undefined;
    return {
      wait: () => {
        timer = setTimeout(() => settle?.('timeout'), this.deps.reconnectTimeoutMs);
        return result;
      },
      cancel: () => {
        unsubscribe();
        clearTimeout(timer);
      },
    };
  }
}
