// password_hash, as ansible-core 2.14 computes it with passlib (the ansible-playbook
// here has it; ansible-core 2.17 requires it): SHA-crypt, the `$6$rounds=N$salt$hash`
// (sha512) and `$5$…` (sha256) of /etc/shadow, passlib's default rounds (656000 and
// 535000; 5000 is left unwritten), a random 16-character salt unless salt= is given.
// The algorithm is Ulrich Drepper's published "Unix crypt using SHA-256 and SHA-512".
import { createHash, randomInt } from 'node:crypto';
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';
import { pyStr } from './python-text.js';
import { typeName } from './values.js';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// crypt(3)'s rounds when none are written.
const IMPLICIT_ROUNDS = 5000;

interface Scheme {
  id: '5' | '6';
  alg: 'sha256' | 'sha512';
  /** passlib's default rounds for it. */
  rounds: number;
  /** The digest's bytes, three at a time, in the order the specification writes them. */
  order: readonly (readonly number[])[];
}

// The specification's byte permutation ((0,21,42), (22,43,1), … for sha512): each row is
// written as 4 characters; the bytes left over (63; 30 and 31) end the text.
const SHA512_ORDER = Array.from({ length: 21 }, (_, i) => [(i * 22) % 63, (i * 22 + 21) % 63, (i * 22 + 42) % 63]);
const SHA256_ORDER = Array.from({ length: 10 }, (_, i) => [(i * 21) % 30, (i * 21 + 10) % 30, (i * 21 + 20) % 30]);

const SCHEMES: Readonly<Record<string, Scheme>> = {
  sha512: { id: '6', alg: 'sha512', rounds: 656_000, order: SHA512_ORDER },
  sha512_crypt: { id: '6', alg: 'sha512', rounds: 656_000, order: SHA512_ORDER },
  sha256: { id: '5', alg: 'sha256', rounds: 535_000, order: SHA256_ORDER },
  sha256_crypt: { id: '5', alg: 'sha256', rounds: 535_000, order: SHA256_ORDER },
};

const digest = (alg: string, ...parts: Buffer[]): Buffer => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `n` bytes of `block` repeated. */
function repeated(block: Buffer, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += block.length) block.copy(out, i, 0, Math.min(block.length, n - i));
  return out;
}

function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++, w >>= 6) out += B64.charAt(w & 0x3f);
  return out;
}

export function shaCrypt(scheme: Scheme, password: string, salt: string, rounds: number): string {
  const { alg } = scheme;
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const b = digest(alg, p, s, p);
  const size = b.length;
  const aParts = [p, s, repeated(b, p.length)];
  for (let i = p.length; i > 0; i >>= 1) aParts.push(i & 1 ? b : p);
  const a = digest(alg, ...aParts);
  const pSeq = repeated(digest(alg, ...Array.from({ length: p.length }, () => p)), p.length);
  const sSeq = repeated(digest(alg, ...Array.from({ length: 16 + (a[0] as number) }, () => s)), s.length);
  let c = a;
  const n = Math.min(Math.max(rounds, 1000), 999_999_999);
  for (let r = 0; r < n; r++) {
    const parts = [r & 1 ? pSeq : c];
    if (r % 3) parts.push(sSeq);
    if (r % 7) parts.push(pSeq);
    parts.push(r & 1 ? c : pSeq);
    c = digest(alg, ...parts);
  }
  let text = scheme.order.map(([x, y, z]) => encode24(c[x as number]!, c[y as number]!, c[z as number]!, 4)).join('');
  text += size === 64 ? encode24(0, 0, c[63]!, 2) : encode24(0, c[31]!, c[30]!, 3);
  const head = n === IMPLICIT_ROUNDS ? '' : `rounds=${n}$`;
  return `$${scheme.id}$${head}${s.toString('utf8')}$${text}`;
}

function randomSalt(): string {
  return Array.from({ length: 16 }, () => B64.charAt(randomInt(B64.length))).join('');
}

export const PASSWORD_FILTERS: [string, FilterDef][] = [
  [
    'password_hash',
    {
      args: [0, 3],
      named: ['hashtype', 'salt', 'rounds'],
      doc: "`p | password_hash('sha512')`: the crypt(3) hash of /etc/shadow (`$6$…`; also `sha256`); `salt=`, `rounds=`",
      run: (v, [type, salt, rounds], named) => {
        const hashtype = named.hashtype ?? type ?? 'sha512';
        const scheme = typeof hashtype === 'string' ? SCHEMES[hashtype] : undefined;
        if (!scheme) {
          throw new Fault(`password_hash: hash type ${pyStr(hashtype)} is not supported by runbook`, {
            hint: 'sha512 (the default) and sha256 are: the hashes /etc/shadow takes',
          });
        }
        const s = named.salt ?? salt ?? null;
        if (s !== null && (typeof s !== 'string' || !/^[./0-9A-Za-z]+$/.test(s))) {
          throw new Fault(`password_hash: the salt must be characters of [./0-9A-Za-z], got ${pyStr(s)}`);
        }
        const n = named.rounds ?? rounds ?? null;
        if (n !== null && !Number.isInteger(n))
          throw new Fault(`password_hash: rounds= is a whole number, got ${typeName(n)}`);
        return shaCrypt(scheme, pyStr(v), s ?? randomSalt(), n === null ? scheme.rounds : (n as number));
      },
    },
  ],
];
