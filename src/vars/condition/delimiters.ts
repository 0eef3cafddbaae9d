// Jinja's variable and comment delimiters, which lookup('template') may replace
// (variable_start_string=, …); a leaf, so the controller's type can name them.
export interface Delimiters {
  variable: readonly [string, string];
  comment: readonly [string, string];
}

export const JINJA_DELIMITERS: Delimiters = { variable: ['{{', '}}'], comment: ['{#', '#}'] };
