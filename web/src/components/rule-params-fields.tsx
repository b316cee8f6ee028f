/** Inputs for a rule's parameters, typed after the rule's defaults (number, yes/no, text). */
type Params = Record<string, number | boolean | string>;

/** Turns `minutesWithoutPower` into "minutes without power" for a label. */
export function paramLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

/**
 * The fields. With `inherit`, an empty field means "keep the network value" (site overrides): `value` then
 * holds only the overridden params and `placeholder` shows the inherited ones.
 */
export function RuleParamsFields({ defaults, value, onChange, inherit }: { defaults: Params; value: Params; onChange(next: Params): void; inherit?: Params }) {
  const set = (name: string, v: number | boolean | string | undefined) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="form-grid">
      {Object.entries(defaults).map(([name, fallback]) => {
        const current = value[name];
        const shown = inherit?.[name] ?? fallback;
        if (typeof fallback === 'boolean') {
          return (
            <label key={name} className="field">
              <span>{paramLabel(name)}</span>
              <select value={current === undefined ? '' : String(current)} onChange={(e) => set(name, e.target.value === '' ? undefined : e.target.value === 'true')}>
                {inherit && <option value="">Inherit ({shown ? 'yes' : 'no'})</option>}
                <option value="true">Yes</option>
                <option value="false">No</option>
              </select>
            </label>
          );
        }
        return (
          <label key={name} className="field">
            <span>{paramLabel(name)}</span>
            <input type={typeof fallback === 'number' ? 'number' : 'text'} step="any" min={typeof fallback === 'number' ? 0 : undefined}
              value={current === undefined ? '' : String(current)} placeholder={inherit ? String(shown) : undefined}
              onChange={(e) => {
                const text = e.target.value;
                if (text === '' && inherit) set(name, undefined);
                else set(name, typeof fallback === 'number' ? Number(text) : text);
              }} />
          </label>
        );
      })}
    </div>
  );
}
