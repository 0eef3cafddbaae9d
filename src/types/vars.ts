/** Variables as they come from YAML: plain JSON-like data. */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };
export type Vars = Record<string, VarValue>;
