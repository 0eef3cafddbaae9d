// The stat fields stat and find share (src/modules/files/stat-fields.ts), from st_mode and stat's numbers.
import { expect } from 'chai';
import { permissionBits, statNumbers, statNumbersOf, typeFlags } from '../../src/modules/files/stat-fields.js';

describe('stat fields shared by stat and find', () => {
  it('a setuid 0754 regular file: isreg alone of the type flags, and each permission bit by its name', () => {
    const raw = 0o100000 | 0o4754;
    expect(typeFlags(raw)).to.deep.equal({
      isdir: false,
      ischr: false,
      isblk: false,
      isreg: true,
      isfifo: false,
      islnk: false,
      issock: false,
    });
    expect(permissionBits(raw)).to.deep.equal({
      wusr: true,
      rusr: true,
      xusr: true,
      wgrp: false,
      rgrp: true,
      xgrp: true,
      woth: false,
      roth: true,
      xoth: false,
      isuid: true,
      isgid: false,
    });
  });

  it('the numbers are read in order from their texts (times keep their fractions), and picked from a larger record', () => {
    const n = statNumbers(['0', '10', '42', '7', '2049', '1', '1.5', '2.25', '3.125']);
    expect(n).to.deep.equal({
      uid: 0,
      gid: 10,
      size: 42,
      inode: 7,
      dev: 2049,
      nlink: 1,
      atime: 1.5,
      mtime: 2.25,
      ctime: 3.125,
    });
    expect(statNumbersOf({ ...n, owner: 'root' } as typeof n)).to.deep.equal(n);
  });
});
