import { expect } from 'chai';
import { locate, parseYaml, readYamlFile } from '../../src/parse/yaml-source.js';
import { fixture, runbookError } from './support.js';

const parseError = (text: string) => runbookError(() => parseYaml(text, 'x.yaml'));

describe('YAML with source positions', () => {
  describe('locate', () => {
    const src = parseYaml(
      [
        'base: &base',
        '  mode: "0644"',
        'plays:',
        '  - hosts: all',
        '    tasks:',
        '      - copy:',
        '          dest: /etc/motd',
        '      - ping:',
        '',
      ].join('\n'),
      'p.yaml',
    );

    it('maps a path of keys and indexes to the line and column of the value', () => {
      expect(locate(src, ['plays', 0, 'tasks', 0, 'copy', 'dest'])).to.deep.equal({
        source: { file: 'p.yaml', line: 7, col: 17 },
        excerpt: '          dest: /etc/motd',
      });
    });

    it('points at the key itself when asked', () => {
      expect(locate(src, ['plays', 0, 'tasks', 0, 'copy', 'dest'], { key: true }).source).to.include({
        line: 7,
        col: 11,
      });
    });

    it('points at the key of a value left empty', () => {
      expect(locate(src, ['plays', 0, 'tasks', 1, 'ping']).source).to.include({ line: 8, col: 9 });
    });

    it('falls back to the deepest node found for a path that leads nowhere', () => {
      expect(locate(src, ['plays', 0, 'tasks', 0, 'copy', 'missing']).source).to.include({ line: 7, col: 11 });
    });

    it('follows aliases', () => {
      const aliased = parseYaml('base: &b\n  mode: "0644"\nother: *b\n', 'a.yaml');
      expect(locate(aliased, ['other', 'mode']).source).to.include({ line: 2, col: 9 });
    });
  });

  it('loads plain data, resolving anchors and merge keys', () => {
    const src = parseYaml('a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\nport: 22\nv: v1.28\n', 'm.yaml');
    expect(src.data).to.deep.equal({ a: { x: 1, y: 2 }, b: { x: 1, y: 3 }, port: 22, v: 'v1.28' });
  });

  it('gives an empty file as null data', () => {
    expect(parseYaml('# only a comment\n', 'e.yaml').data).to.equal(null);
  });

  describe('errors', () => {
    it('reports a syntax error with its line, column and the offending line', () => {
      const file = fixture('parse', 'syntax-error.yaml');
      const err = runbookError(() => readYamlFile(file, 'playbook'));
      expect(err.code).to.equal('yaml');
      expect(err.message).to.equal('invalid YAML: all sequence items must start at the same column');
      expect(err.source).to.deep.equal({ file, line: 5, col: 6 });
      expect(err.excerpt).to.equal('     - name: two');
      expect(err.hint).to.match(/indentation/);
    });

    it('refuses a duplicate key, naming it at its second appearance', () => {
      const file = fixture('parse', 'duplicate-key.yaml');
      const err = runbookError(() => readYamlFile(file, 'playbook'));
      expect(err.code).to.equal('yaml');
      expect(err.message).to.equal('duplicate key "dest"');
      expect(err.source).to.include({ line: 6, col: 9 });
    });

    it('asks to quote an unquoted template', () => {
      const err = parseError('- copy:\n    dest: {{ conf_dir }}/config.toml\n');
      expect(err.source).to.include({ line: 2, col: 11 });
      expect(err.hint).to.match(/quote/);
    });

    it('asks to quote a template that the parser read as a mapping', () => {
      const err = parseError('- copy:\n    dest: {{ conf_dir }}\n');
      expect(err.message).to.equal('a template must be quoted here');
      expect(err.source).to.include({ line: 2, col: 11 });
    });

    it('refuses Ansible Vault and other non-data tags, pointing at the tag', () => {
      const vault = parseError('token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n');
      expect(vault.message).to.equal('unsupported YAML tag !vault');
      expect(vault.source).to.include({ line: 1, col: 8 });
      expect(vault.hint).to.match(/Vault is not supported/);
      expect(parseError('data: !!binary aGk=\n').message).to.equal('unsupported YAML tag !!binary');
      expect(parseError('s: !!set {a, b}\n').message).to.equal('unsupported YAML tag !!set');
    });

    it('accepts tags that only restate plain data', () => {
      expect(parseYaml('port: !!str 22\nn: !!int "3"\n', 't.yaml').data).to.deep.equal({ port: '22', n: 3 });
    });

    it('explains tabs used for indentation', () => {
      const err = parseError('all:\n\thosts:\n');
      expect(err.message).to.equal('invalid YAML: tab used for indentation');
      expect(err.source).to.include({ line: 2, col: 1 });
    });

    it('refuses a second YAML document', () => {
      expect(parseError('a: 1\n---\nb: 2\n').message).to.equal(
        'invalid YAML: the file holds more than one YAML document',
      );
    });

    it('explains an unquoted colon in a value', () => {
      const err = parseError('- command: echo a: b\n');
      expect(err.source).to.include({ line: 1, col: 12 });
      expect(err.hint).to.match(/must be quoted/);
    });
  });
});
