/** Who may charge at a site or station: the rule in force, and (for admins and operators) its editor. */
import { useState, type FormEvent } from 'react';
import { useAccessRule, useSaveAccessRule, type AccessScope } from '../api/access.js';
import { useMe } from '../api/auth.js';
import { useDriverChoices } from '../api/tokens.js';
import type { AccessRuleRequest, AccessRuleView } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { ErrorBox, Facts, Loading, Panel } from './feedback.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const SOURCES: Record<AccessRuleView['source'], { label: string; tone: string }> = {
  station: { label: 'Own rule', tone: 'tone-info' }, site: { label: 'From its site', tone: 'tone-neutral' }, default: { label: 'No rule', tone: 'tone-neutral' },
};
const MODES: Record<AccessRuleView['mode'], string> = {
  public: 'Public — every valid token',
  private: 'Private — only the listed groups, drivers and tokens',
  schedule: 'Schedule — everyone within the hours',
};
const CHOICES: Record<AccessRuleView['mode'], string> = { public: 'Public', private: 'Private', schedule: 'On a schedule' };
const RANGE = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const words = (text: string) => text.split(/[\s,;]+/).filter((w) => w.length > 0);
const hoursText = (spans: Array<[string, string]> | undefined) => (spans ?? []).map(([a, b]) => `${a}-${b}`).join(', ');

/** Parses "07:00-12:00, 13:00-19:00"; null when a piece is not a range of HH:MM times. */
function parseHours(text: string): Array<[string, string]> | null {
  const spans: Array<[string, string]> = [];
  for (const piece of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const [from, to, ...rest] = piece.split('-').map((p) => p.trim());
    if (!from || !to || rest.length > 0 || !RANGE.test(from) || !RANGE.test(to) || from >= to) return null;
    spans.push([from, to]);
  }
  return spans;
}

/** The rule in words, for everyone who may read it. */
function RuleFacts({ rule, driverName }: { rule: AccessRuleView; driverName: (id: string) => string }) {
  const listed = [
    rule.groupIds.length > 0 ? `groups ${rule.groupIds.join(', ')}` : null, rule.tokens.length > 0 ? `tokens ${rule.tokens.join(', ')}` : null,
    rule.driverIds.length > 0 ? `drivers ${rule.driverIds.map(driverName).join(', ')}` : null,
  ].filter((x): x is string => x !== null).join('; ') || 'nobody';
  const hours = DAYS.filter((d) => (rule.schedule[d] ?? []).length > 0).map((d) => `${d} ${hoursText(rule.schedule[d]).replaceAll('-', '–')}`).join('; ');
  return (
    <Facts items={[
      ['Mode', MODES[rule.mode]],
      ...(rule.mode === 'private' ? [['Let in', listed] as [string, string]] : []),
      ...(rule.mode === 'schedule' ? [['Hours (site time)', hours || '—'], ['Outside the hours', rule.outside === 'listed' ? listed : 'nobody']] as Array<[string, string]> : []),
      ['Changed', rule.updatedAt ? `${formatDateTime(rule.updatedAt)}${rule.updatedBy ? ` by ${rule.updatedBy}` : ''}` : '—'],
    ]} />
  );
}

/** The editor; starts from the rule in force. */
function RuleForm({ scope, id, rule, drivers }: { scope: AccessScope; id: string; rule: AccessRuleView; drivers: Array<{ id: string; name: string }> }) {
  const save = useSaveAccessRule(scope, id);
  const [mode, setMode] = useState<AccessRuleRequest['mode']>(scope === 'station' && rule.source !== 'station' ? 'inherit' : rule.mode);
  const [groups, setGroups] = useState(rule.groupIds.join(', '));
  const [tokens, setTokens] = useState(rule.tokens.join(', '));
  const [driverIds, setDriverIds] = useState<string[]>(rule.driverIds);
  const [outside, setOutside] = useState(rule.outside);
  const [hours, setHours] = useState<Record<string, string>>(() => Object.fromEntries(DAYS.map((d) => [d, hoursText(rule.schedule[d])])));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'inherit' || mode === 'public') return save.mutate({ mode });
    const schedule: Record<string, Array<[string, string]>> = {};
    for (const d of DAYS) {
      const spans = parseHours(hours[d] ?? '');
      if (spans === null) return setProblem(`${d}: write ranges like 07:00-19:00, separated by commas`);
      if (spans.length > 0) schedule[d] = spans;
    }
    setProblem(null);
    save.mutate({ mode, groupIds: words(groups), tokens: words(tokens), driverIds, ...(mode === 'schedule' ? { schedule, outside } : {}) });
  };
  const lists = mode === 'private' || (mode === 'schedule' && outside === 'listed');
  return (
    <form onSubmit={submit} aria-label="Access rule">
      <label className="field">
        <span>Who may charge</span>
        <select value={mode} onChange={(e) => setMode(e.target.value as AccessRuleRequest['mode'])}>
          {scope === 'station' && <option value="inherit">Follow the site's rule</option>}
          {(Object.keys(CHOICES) as Array<AccessRuleView['mode']>).map((m) => <option key={m} value={m}>{CHOICES[m]}</option>)}
        </select>
      </label>
      {mode === 'schedule' && (
        <>
          <div className="filters">
            {DAYS.map((d) => (
              <label key={d} className="field">
                <span>{d}</span>
                <input value={hours[d] ?? ''} placeholder="closed" onChange={(e) => setHours({ ...hours, [d]: e.target.value })} />
              </label>
            ))}
          </div>
          <label className="field">
            <span>Outside the hours</span>
            <select value={outside} onChange={(e) => setOutside(e.target.value as AccessRuleView['outside'])}>
              <option value="nobody">Nobody</option>
              <option value="listed">Only the listed groups, drivers and tokens</option>
            </select>
          </label>
        </>
      )}
      {lists && (
        <>
          <label className="field"><span>Token groups (parent id tags)</span><input value={groups} onChange={(e) => setGroups(e.target.value)} placeholder="FLEET-A, STAFF" /></label>
          <label className="field"><span>Single tokens</span><input value={tokens} onChange={(e) => setTokens(e.target.value)} placeholder="04A2B3C4D5E6F7" /></label>
          <label className="field">
            <span>Drivers</span>
            <select multiple value={driverIds} onChange={(e) => setDriverIds([...e.target.selectedOptions].map((o) => o.value))}>
              {drivers.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </label>
        </>
      )}
      <button type="submit" className="button button-primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
      {problem && <p className="small" role="alert">{problem}</p>}
      {save.isError && <ErrorBox error={save.error} title="Not changed" />}
    </form>
  );
}

/** The access panel of a site or station page. */
export function AccessRulePanel({ scope, id }: { scope: AccessScope; id: string }) {
  const rule = useAccessRule(scope, id);
  const role = useMe().data?.user.role;
  const manage = role === 'admin' || role === 'operator';
  const drivers = useDriverChoices();
  const driverList = (drivers.data?.items ?? []).map((d) => ({ id: d.id, name: d.name }));
  const driverName = (driverId: string) => driverList.find((d) => d.id === driverId)?.name ?? driverId;
  // A site's own rule has source `site`: on the site's page that is its own rule.
  const source = rule.data ? SOURCES[scope === 'site' && rule.data.source === 'site' ? 'station' : rule.data.source] : undefined;
  return (
    <Panel title="Access" actions={source && <span className={`badge ${source.tone}`}>{source.label}</span>}>
      {rule.isPending ? <Loading /> : rule.isError ? <ErrorBox error={rule.error} /> : (
        <>
          <RuleFacts rule={rule.data} driverName={driverName} />
          {manage && <RuleForm key={`${rule.data.source}-${rule.data.updatedAt ?? ''}`} scope={scope} id={id} rule={rule.data} drivers={driverList} />}
        </>
      )}
    </Panel>
  );
}
