// HumanDuration and ShortHumanDuration of k8s.io/apimachinery/pkg/util/duration: the AGE strings.

// Go converts with int(), which truncates toward zero; Math.trunc keeps that (-1.5 s is "0s").
const seconds = (ms: number) => Math.trunc(ms / 1000);

/**
 * HumanDuration: about two significant figures ("70s", "3m10s", "47h", "2d1h", "2y1d"). Up to one
 * second in the future still reads "0s", to absorb clock skew; further is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const s = seconds(ms);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 60 * 2) return `${s}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const rest = s % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const rest = hours % 24;
    return rest === 0 ? `${days}d` : `${days}d${rest}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const rest = days % 365;
    return rest === 0 ? `${years}y` : `${years}y${rest}d`;
  }
  return `${years}y`;
}

/** ShortHumanDuration: one unit only ("59s", "1m", "23h", "364d", "2y"); kubectl describe uses it. */
export function shortHumanDuration(ms: number): string {
  const s = seconds(ms);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 60) return `${s}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** The AGE cell of a table: what the API server prints for a duration (HumanDuration). */
export const formatAge = humanDuration;
