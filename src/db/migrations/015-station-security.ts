/**
 * Station security profiles: the lowest profile each station may connect with (0 none, 1 Basic auth,
 * 2 TLS + Basic auth, 3 TLS client certificate). `security_profile` stays the profile of its latest connection.
 * A station with a password must send it whatever its required profile (0 included), as before.
 */
export const name = 'station-security';

export const up = /* sql */ `
alter table stations add column required_security_profile smallint not null default 0
  check (required_security_profile between 0 and 3);
`;
