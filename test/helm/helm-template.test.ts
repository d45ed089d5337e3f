import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderChart } from './helm-template';

/** Renders one template in a throwaway chart, as helm template would. */
function renderOne(template: string, values: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'chart-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "4.5"\n');
    writeFileSync(join(dir, 'templates', 'one.yaml'), template);
    return renderChart(dir, values, { name: 'rel', namespace: 'ns' }).get('one.yaml') as string;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the chart renderer keeps Helm's semantics where they bite", () => {
  it('trims whitespace at {{- and -}} and keeps it elsewhere', () => {
    assert.equal(renderOne('a:\n  {{- " b" }}\nc: {{ "d" -}}\n\n  e'), 'a: b\nc: de');
  });

  it('prints a float from values as Go does: 1000000 as 1e+06, and an int as an int', () => {
    assert.equal(renderOne('{{ .Values.big }} {{ int .Values.big }} {{ .Values.small }}', { big: 1000000, small: 20000 }), '1e+06 1000000 20000');
  });

  it('fails required on nil and "", not on an empty list (which only the schema refuses)', () => {
    assert.throws(() => renderOne('{{ required "x is required" .Values.x }}', { x: '' }), /x is required/);
    assert.equal(renderOne('{{ required "x" .Values.x | toJson }}', { x: [] }), '[]');
  });

  it('ranges over a map in key order, rebinds the dot in with, and chains else if', () => {
    assert.equal(renderOne('{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 2, a: 1 } }), 'a=1;b=2;');
    assert.equal(renderOne('{{ with .Values.m }}{{ .a }}{{ else }}none{{ end }}', { m: { a: 'x' } }), 'x');
    assert.equal(renderOne('{{ if .Values.a }}a{{ else if .Values.b }}b{{ else }}c{{ end }}', { b: true }), 'b');
  });

  it('refuses a function it does not know rather than render it wrong', () => {
    assert.throws(() => renderOne('{{ b64enc "x" }}'), /function "b64enc" not defined/);
  });
});
