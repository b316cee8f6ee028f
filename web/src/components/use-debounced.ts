/** A value that follows its input after a pause (search boxes). */
import { useEffect, useState } from 'react';

/** Returns `value` once it has not changed for `ms`. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}
