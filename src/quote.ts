// Quoting for values placed into shell command lines and TOML strings, shared by
// modules (which build commands) and template helpers (which users call).
import shellQuote from 'shell-quote';

/** One argument for a POSIX shell. */
export function shellQuoteValue(value: unknown): string {
  return shellQuote.quote([String(value)]);
}

/** A command line from argv, every word quoted as needed. */
export function shellJoin(argv: readonly string[]): string {
  return shellQuote.quote([...argv]);
}

/** A TOML basic string, quotes included. JSON's escapes are all valid TOML escapes. */
export function tomlString(value: unknown): string {
  return JSON.stringify(String(value));
}
