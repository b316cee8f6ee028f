/** A site's maximum power (its grid connection or contracted limit), for the site power alert; null: none. */
export const name = 'site-power-limit';

export const up = /* sql */ `
alter table sites add column max_power_kw double precision check (max_power_kw is null or max_power_kw > 0);
`;
