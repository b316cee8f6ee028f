/** What an EV says it needs (2.0.1 NotifyEVChargingNeeds), kept on its session for time-to-target estimates. */
export const name = 'charging-needs';

export const up = /* sql */ `
alter table sessions
  add column target_soc double precision,
  add column energy_requested_wh double precision,
  add column departure_at timestamptz,
  add column ev_max_power_w double precision,
  add column ev_capacity_wh double precision,
  -- The request as received, for audit and for parameters not broken out above.
  add column charging_needs jsonb,
  add column charging_needs_at timestamptz;
`;
