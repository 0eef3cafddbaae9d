import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkHostKey,
  entryMatches,
  fingerprint,
  hashHostName,
  knownHostLine,
  knownHostName,
  knownKeyTypes,
  parseKnownHosts,
  type KnownHostEntry,
} from '../../src/transport/known-hosts.js';

// Real keys, made by ssh-keygen once for the whole file.
let dir: string;
let ed: { line: string; blob: Buffer };
let ed2: { line: string; blob: Buffer };
let ecdsa: { line: string; blob: Buffer };

function keygen(type: string, name: string): { line: string; blob: Buffer } {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', join(dir, name)]);
  const line = readFileSync(join(dir, `${name}.pub`), 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64') };
}

function entry(text: string): KnownHostEntry {
  const [e] = parseKnownHosts(text);
  if (!e) throw new Error(`no entry parsed from: ${text}`);
  return e;
}

describe('known_hosts', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-kh-'));
    ed = keygen('ed25519', 'ed');
    ed2 = keygen('ed25519', 'ed2');
    ecdsa = keygen('ecdsa', 'ecdsa');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('parsing', () => {
    it('reads names, type, key and line number; skips comments, blank and malformed lines', () => {
      const text = [
        '# a comment',
        '',
        `web1,10.0.0.5 ${ed.line}`,
        'broken-line-without-key',
        `web2 ssh-ed25519 !!!notbase64`,
        `web3 ssh-rsa ${ed.line.split(' ')[1]}`, // type and blob disagree
        `  [10.0.0.6]:2222 ${ecdsa.line} comment here`,
      ].join('\n');
      const entries = parseKnownHosts(text);
      expect(entries).to.have.length(2);
      expect(entries[0]).to.deep.include({ names: ['web1', '10.0.0.5'], keyType: 'ssh-ed25519', line: 3 });
      expect(entries[0]!.key.equals(ed.blob)).to.equal(true);
      expect(entries[1]).to.deep.include({ names: ['[10.0.0.6]:2222'], keyType: 'ecdsa-sha2-nistp256', line: 7 });
    });

    it('reads @revoked and @cert-authority markers', () => {
      const entries = parseKnownHosts(`@revoked * ${ed.line}\n@cert-authority *.example.com ${ecdsa.line}\r\n`);
      expect(entries.map((e) => e.marker)).to.deep.equal(['revoked', 'cert-authority']);
    });
  });

  describe('host names', () => {
    it('are the bare address on port 22 and [address]:port otherwise', () => {
      expect(knownHostName('127.0.1.2', 22)).to.equal('127.0.1.2');
      expect(knownHostName('127.0.1.2', 2222)).to.equal('[127.0.1.2]:2222');
    });

    it('match any name of a comma-separated list, case-insensitively', () => {
      const e = entry(`Web1.Example.COM,10.0.0.5 ${ed.line}`);
      expect(entryMatches(e, 'web1.example.com')).to.equal(true);
      expect(entryMatches(e, '10.0.0.5')).to.equal(true);
      expect(entryMatches(e, '10.0.0.50')).to.equal(false);
    });

    it('an entry for port 22 does not match another port, and the reverse', () => {
      expect(entryMatches(entry(`10.0.0.5 ${ed.line}`), '[10.0.0.5]:2222')).to.equal(false);
      expect(entryMatches(entry(`[10.0.0.5]:2222 ${ed.line}`), '10.0.0.5')).to.equal(false);
      expect(entryMatches(entry(`[10.0.0.5]:2222 ${ed.line}`), '[10.0.0.5]:2222')).to.equal(true);
    });

    it('support * and ? wildcards, and a matching !negation vetoes the line', () => {
      const e = entry(`*.example.com,!secret.example.com,10.0.0.? ${ed.line}`);
      expect(entryMatches(e, 'a.example.com')).to.equal(true);
      expect(entryMatches(e, '10.0.0.7')).to.equal(true);
      expect(entryMatches(e, '10.0.0.77')).to.equal(false);
      expect(entryMatches(e, 'secret.example.com')).to.equal(false);
      expect(entryMatches(e, 'example.org')).to.equal(false);
    });

    it('hashed names match with HMAC-SHA1 over the salt, and only the hashed name', () => {
      const salt = Buffer.alloc(20, 7);
      const hashed = hashHostName('[10.0.0.5]:2222', salt);
      expect(hashed).to.match(/^\|1\|[A-Za-z0-9+/]+=*\|[A-Za-z0-9+/]+=*$/);
      expect(hashed.split('|')[2]).to.equal(salt.toString('base64'));
      const e = entry(`${hashed} ${ed.line}`);
      expect(entryMatches(e, '[10.0.0.5]:2222')).to.equal(true);
      expect(entryMatches(e, '10.0.0.5')).to.equal(false);
    });

    it('read lines that ssh-keygen -H hashed, and ssh-keygen finds lines we hashed', () => {
      const file = join(dir, 'hashed_known_hosts');
      writeFileSync(file, `10.9.8.7 ${ed.line}\n[10.9.8.7]:2200 ${ecdsa.line}\n`);
      execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
      const entries = parseKnownHosts(readFileSync(file, 'utf8'));
      expect(entries.every((e) => e.names[0]!.startsWith('|1|'))).to.equal(true);
      expect(checkHostKey(entries, ['10.9.8.7'], ed.blob).kind).to.equal('known');
      expect(checkHostKey(entries, ['[10.9.8.7]:2200'], ecdsa.blob).kind).to.equal('known');

      writeFileSync(file, `${hashHostName('ours.example')} ${ed.line.split(' ').slice(0, 2).join(' ')}\n`);
      const found = execFileSync('ssh-keygen', ['-F', 'ours.example', '-f', file], { encoding: 'utf8' });
      expect(found).to.include('found: line 1');
    });
  });

  describe('verdicts', () => {
    const names = ['10.0.0.5'];

    it('known when an entry for the host holds the key', () => {
      const v = checkHostKey(parseKnownHosts(`other ${ed2.line}\n10.0.0.5 ${ed.line}\n`), names, ed.blob);
      expect(v.kind).to.equal('known');
    });

    it('unknown when no entry names the host', () => {
      expect(checkHostKey(parseKnownHosts(`10.0.0.6 ${ed.line}\n`), names, ed.blob).kind).to.equal('unknown');
      expect(checkHostKey([], names, ed.blob).kind).to.equal('unknown');
    });

    it('changed when the host has a different key of the same type, listing the recorded entries', () => {
      const v = checkHostKey(parseKnownHosts(`\n10.0.0.5 ${ed2.line}\n`), names, ed.blob);
      expect(v.kind).to.equal('changed');
      if (v.kind === 'changed') expect(v.recorded.map((e) => e.line)).to.deep.equal([2]);
    });

    it('changed when only a key of another type is recorded for the host', () => {
      expect(checkHostKey(parseKnownHosts(`10.0.0.5 ${ecdsa.line}\n`), names, ed.blob).kind).to.equal('changed');
    });

    it('revoked beats a matching entry', () => {
      const v = checkHostKey(parseKnownHosts(`10.0.0.5 ${ed.line}\n@revoked * ${ed.line}\n`), names, ed.blob);
      expect(v.kind).to.equal('revoked');
    });

    it('cert-authority lines never vouch for a plain host key', () => {
      expect(checkHostKey(parseKnownHosts(`@cert-authority 10.0.0.5 ${ed.line}\n`), names, ed.blob).kind).to.equal(
        'unknown',
      );
    });

    it('knownKeyTypes lists the types recorded for the host, once each', () => {
      const entries = parseKnownHosts(`10.0.0.5 ${ecdsa.line}\n10.0.0.5 ${ed.line}\n*.0.5 ${ed2.line}\nx ${ed.line}\n`);
      expect(knownKeyTypes(entries, names)).to.deep.equal(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    });
  });

  it('fingerprints a key exactly as ssh-keygen -l prints it', () => {
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'ed.pub')], { encoding: 'utf8' });
    expect(printed.split(' ')[1]).to.equal(fingerprint(ed.blob));
    expect(fingerprint(ed.blob)).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('writes a line OpenSSH reads back', () => {
    const line = knownHostLine('[10.0.0.5]:2222', ed.blob);
    expect(line).to.equal(`[10.0.0.5]:2222 ${ed.line.split(' ').slice(0, 2).join(' ')}\n`);
    const file = join(dir, 'written_known_hosts');
    writeFileSync(file, line);
    expect(execFileSync('ssh-keygen', ['-F', '[10.0.0.5]:2222', '-f', file], { encoding: 'utf8' })).to.include(
      'found: line 1',
    );
  });
});
