import assert from 'node:assert/strict';
import { PLATFORMS } from '../../adapters';
import { ENUM_TARGETS, enumFiles, readProjectFile, withRegistryEnums } from '../../gateway/cli/registry-enums';

describe('the enums generated from the registry', () => {
  for (const file of enumFiles()) {
    it(`are up to date in ${file} (run \`npm run gen:types\` after changing the registry)`, () => {
      const committed = readProjectFile(file);
      assert.equal(committed, withRegistryEnums(file, committed));
    });
  }

  it('would be rewritten for a registry with one more platform: the drift test can fail', () => {
    const file = 'schemas/adapter-instances.schema.json';
    const grown = ENUM_TARGETS.map((t) => (t.file === file ? { ...t, values: () => [...t.values(), 'vneid'] } : t));
    const regenerated = withRegistryEnums(file, readProjectFile(file), grown);
    assert.notEqual(regenerated, readProjectFile(file));
    assert.match(regenerated, /"smartcity",\n\s+"vneid"\n/);
  });

  it('list every platform of the registry, and every identifier system a platform declares', () => {
    const canonical = JSON.parse(readProjectFile('schemas/canonical-declaration.v1.schema.json'));
    assert.deepEqual(
      canonical.$defs.Platform.enum,
      PLATFORMS.map((p) => p.platform),
    );
    for (const { system } of PLATFORMS.flatMap((p) => p.identifiers))
      assert.ok(canonical.$defs.IdentifierSystem.enum.includes(system), system);
  });
});
