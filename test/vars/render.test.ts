import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import { execFileSync } from 'node:child_process';
import type { RunbookError } from '../../src/errors.js';
import { checkTemplateSyntax, render } from '../../src/vars/render.js';

const at = { file: 'templates/x.hbs', line: 1, col: 1 };

function renderError(text: string, vars: object, origin = at): RunbookError {
  return runbookError(() => render(text, vars, origin));
}

describe('Handlebars rendering', () => {
  it('default gives a fallback for a missing variable, even in strict mode', () => {
    expect(render('{{default port 8080}}/{{default host "h"}}', { host: 'x' }, at)).to.equal('8080/x');
  });

  it("docker_size_quantity turns Docker's 1024-based sizes into Kubernetes quantities", () => {
    expect(
      render(
        '{{docker_size_quantity a}} {{docker_size_quantity b}} {{docker_size_quantity c}}',
        { a: '100m', b: '10k', c: '2048' },
        at,
      ),
    ).to.equal('100Mi 10Ki 2048');
  });

  it('does not HTML-escape', () => {
    expect(render('{{v}}', { v: `<a href="x">&'` }, at)).to.equal(`<a href="x">&'`);
  });

  it('an undefined variable names the file, line and column', () => {
    const e = renderError('a\nb = {{nope}}\n', {});
    expect(e.message).to.equal('undefined variable "nope"');
    expect(e.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 7 });
    expect(e.excerpt).to.equal('b = {{nope}}');
  });

  it('a nested undefined property is an error too', () => {
    expect(renderError('{{a.b}}', { a: {} }).message).to.equal('undefined variable "b"');
  });

  it("a helper's argument under an undefined parent is an undefined-variable error too, at the argument", () => {
    const e = renderError('x = 1\ny = {{default a.b "fallback"}}', {});
    expect(e.message).to.equal('undefined variable "…b" (its parent is not defined)');
    expect(e.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 15 });
    expect(e.excerpt).to.equal('y = {{default a.b "fallback"}}');
    // The data is checked before the template runs, in sub-expressions, hash arguments and #if bodies too.
    for (const text of ['{{json (default a.b 1)}}', '{{#if x}}{{default a.b.c 1}}{{/if}}', '{{default 1 k=a.b}}']) {
      expect(renderError(text, { x: true }).message, text).to.equal(
        'undefined variable "…b" (its parent is not defined)',
      );
    }
    expect(renderError('{{default a.b.c 1}}', { a: {} }).message).to.equal(
      'undefined variable "…c" (its parent is not defined)',
    );
    // A parent that is there: the helper gets undefined, as Handlebars gives it.
    expect(render('{{default a.b "fallback"}}', { a: {} }, at)).to.equal('fallback');
    expect(render('{{default a.b "fallback"}}', { a: { b: 'set' } }, at)).to.equal('set');
    // Inside #each the context is the item's: its paths are the item's to have.
    expect(
      render('{{#each list}}{{default this.a.b "-"}};{{/each}}', { list: [{ a: { b: 1 } }, { a: {} }] }, at),
    ).to.equal('1;-;');
  });

  it('a syntax error gives the line (and column) where the parser stopped, and what it expected there', () => {
    const e = renderError('ok\n{{#if x}}never closed\n', { x: 1 });
    expect(e.message).to.equal(
      "template syntax error: Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF'",
    );
    expect(e.source).to.deep.equal({ file: 'templates/x.hbs', line: 3, col: 1 });
    expect(e.hint).to.equal('check that every {{ has a matching }} and every {{#block}} its {{/block}}');
    const badHash = renderError('a = 1\nb = {{port x=}}', {});
    expect(badHash.message).to.match(/^template syntax error: Expecting .*, got 'CLOSE'$/);
    expect(badHash.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 13 });
    expect(badHash.excerpt).to.equal('b = {{port x=}}');
    // The lexer's own error (an unclosed comment) has a line, not a column.
    const comment = renderError('a\n{{!-- never closed', {});
    expect(comment.message).to.equal('template syntax error: unrecognized text (a "{{" or "}}" out of place?)');
    expect(comment.source?.line).to.equal(2);
    // A block closed by another name: Handlebars' exception carries the opening's place.
    const mismatch = renderError('a\n{{#if x}}\n{{/each}}', {});
    expect(mismatch.message).to.match(/^template syntax error: if doesn't match each/);
    expect(mismatch.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 4 });
    // checkTemplateSyntax (runbook validate) gives the same error without rendering.
    expect(runbookError(() => checkTemplateSyntax('ok\n{{#if x}}never closed\n', at))).to.deep.include({
      message: e.message,
      source: e.source,
    });
  });

  it('{{a.b.c}} with no a is an undefined variable at its place, not a TypeError', () => {
    const e = renderError('x = 1\n  y = {{a.b.c}}', {});
    expect(e.message).to.equal('undefined variable "…b" (its parent is not defined)');
    expect(e.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 9 });
    expect(renderError('{{a.b}}', {}).message).to.equal('undefined variable "…b" (its parent is not defined)');
  });

  it("an undefined name inside #each is named at its own line, read from the item's context", () => {
    const e = renderError('{{#each l}}\n- {{this.port}}\n{{/each}}', { l: [{ port: 1 }, {}] });
    expect(e.message).to.equal('undefined variable "port"');
    expect(e.source).to.deep.equal({ file: 'templates/x.hbs', line: 2, col: 5 });
    expect(e.excerpt).to.equal('- {{this.port}}');
  });

  it('positions inside a task argument are offset from the argument', () => {
    const e = renderError('dest={{nope}}', {}, { file: 'p.yaml', line: 7, col: 13 });
    expect(e.source).to.deep.equal({ file: 'p.yaml', line: 7, col: 20 });
  });

  it('shell_quote makes a value one literal shell word; toml_string a TOML string', () => {
    const v = `a b'"$(touch /tmp/x) \`id\` ; \\ $HOME`;
    const quoted = render('{{shell_quote v}}', { v }, at);
    expect(execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).to.equal(v);
    expect(render('k = {{toml_string v}}', { v: 'say "hi"\\' }, at)).to.equal('k = "say \\"hi\\"\\\\"');
  });
});
