import { expect } from 'chai';
import { getAt, removeAt, sameTomlValue, setAt, untomlable } from '../../src/modules/files/toml-edit.js';
import { formatTomlPath, parseTomlPath } from '../../src/modules/files/toml-path.js';

describe('TOML key paths (pure)', () => {
  it('bare segments split on dots', () => {
    expect(parseTomlPath('a.b_c.d-1')).to.deep.equal(['a', 'b_c', 'd-1']);
  });

  it('"double" and \'single\' quoted segments keep their dots', () => {
    expect(
      parseTomlPath('plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup'),
    ).to.deep.equal([
      'plugins',
      'io.containerd.grpc.v1.cri',
      'containerd',
      'runtimes',
      'runc',
      'options',
      'SystemdCgroup',
    ]);
    expect(parseTomlPath("plugins.'io.containerd.cri.v1.images'.pinned_images.sandbox")).to.deep.equal([
      'plugins',
      'io.containerd.cri.v1.images',
      'pinned_images',
      'sandbox',
    ]);
  });

  it('basic strings take TOML escapes, literal strings take none, spaces around dots are allowed', () => {
    expect(parseTomlPath('"a\\"b\\u00e9" . \'c\\d\'')).to.deep.equal(['a"bé', 'c\\d']);
    expect(parseTomlPath('""')).to.deep.equal(['']);
  });

  it('bad paths fail with the column', () => {
    expect(() => parseTomlPath('a..b')).to.throw(/column 3: expected a key/);
    expect(() => parseTomlPath('a."b')).to.throw(/unterminated double quote/);
    expect(() => parseTomlPath("a.'b")).to.throw(/unterminated single quote/);
    expect(() => parseTomlPath('a.b c')).to.throw(/expected "\." between keys/);
    expect(() => parseTomlPath('io.containerd/x')).to.throw(/column 14: expected "\." between keys, got "\/"/);
    expect(() => parseTomlPath('a./x')).to.throw(/column 3: unexpected "\/" \(quote keys/);
    expect(() => parseTomlPath('')).to.throw(/expected a key/);
    expect(() => parseTomlPath('a.')).to.throw(/expected a key/);
  });

  it('formatTomlPath quotes only what needs it and round-trips', () => {
    const segs = ['plugins', 'io.containerd.grpc.v1.cri', 'sandbox_image'];
    expect(formatTomlPath(segs)).to.equal('plugins."io.containerd.grpc.v1.cri".sandbox_image');
    expect(parseTomlPath(formatTomlPath(['a"b', 'é', 'x y']))).to.deep.equal(['a"b', 'é', 'x y']);
  });
});

describe('TOML document edits (pure)', () => {
  it('setAt creates missing tables; getAt reads them back', () => {
    const doc: Record<string, unknown> = { plugins: { x: 1 } };
    setAt(doc, ['plugins', 'io.containerd.grpc.v1.cri', 'sandbox_image'], 'pause:3.9');
    expect(doc).to.deep.equal({ plugins: { x: 1, 'io.containerd.grpc.v1.cri': { sandbox_image: 'pause:3.9' } } });
    expect(getAt(doc, ['plugins', 'io.containerd.grpc.v1.cri', 'sandbox_image'])).to.equal('pause:3.9');
    expect(getAt(doc, ['plugins', 'x', 'y'])).to.equal(undefined);
  });

  it('setAt refuses to go through a value that is not a table', () => {
    expect(() => setAt({ a: 'text' }, ['a', 'b'], 1)).to.throw(
      /^a is a string \("text"\), not a table, so a\.b cannot be set/,
    );
    expect(() => setAt({ a: [1] }, ['a', 'b'], 1)).to.throw(/a is an array/);
  });

  it('removeAt says whether it removed something and leaves the emptied table', () => {
    const doc = { a: { b: 1 } };
    expect(removeAt(doc, ['a', 'b'])).to.equal(true);
    expect(doc).to.deep.equal({ a: {} });
    expect(removeAt(doc, ['a', 'b'])).to.equal(false);
    expect(removeAt(doc, ['x', 'y', 'z'])).to.equal(false);
  });

  it('sameTomlValue compares deeply, bigint with number, dates by instant, and not across types', () => {
    expect(sameTomlValue({ a: [1, { b: true }] }, { a: [1, { b: true }] })).to.equal(true);
    expect(sameTomlValue({ a: 1 }, { a: 1, b: 2 })).to.equal(false);
    expect(sameTomlValue(9007199254740993n, 9007199254740993n)).to.equal(true);
    expect(sameTomlValue(3n, 3)).to.equal(true);
    expect(sameTomlValue(3n, 3.5)).to.equal(false);
    expect(sameTomlValue(new Date(0), new Date(0))).to.equal(true);
    expect(sameTomlValue(true, 'true')).to.equal(false);
    expect(sameTomlValue([1], { 0: 1 })).to.equal(false);
  });

  it('untomlable finds a null anywhere in a wanted value', () => {
    expect(untomlable({ a: [1, null] })).to.equal('value.a[1] is null, which TOML cannot hold');
    expect(untomlable({ a: [1, 'x'], b: { c: false } })).to.equal(undefined);
  });
});
