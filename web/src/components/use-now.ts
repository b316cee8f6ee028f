/** The current time in ms, refreshed every `intervalMs`, for "5 min ago" and running durations. */
import { useEffect, useState } from 'react';

/** Re-renders the caller every interval with the new time. */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
