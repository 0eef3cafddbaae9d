import { type BigIntStats, readFileSync, statSync } from 'node:fs';

// A template is rendered for every host and loop item: its text is read once and
// read again only when the file changed (another size, time or inode).
const texts = new Map<string, { stamp: string; text: string }>();
const KEPT_TEXTS = 256;

export function controllerText(path: string): string {
  let st: BigIntStats;
  try {
    st = statSync(path, { bigint: true });
  } catch {
    return readFileSync(path, 'utf8'); // throws as the read always did
  }
  const stamp = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  const kept = texts.get(path);
  if (kept?.stamp === stamp) return kept.text;
  const text = readFileSync(path, 'utf8');
  if (texts.size >= KEPT_TEXTS) texts.clear();
  texts.set(path, { stamp, text });
  return text;
}
