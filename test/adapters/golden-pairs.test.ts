import assert from 'node:assert/strict';
import { createAdapterRegistry, DEFAULT_INSTANCES } from '../../adapters';
import { describeErrors, validateCanonical } from '../../gateway/domain/canonical-schema';
import { loadGoldenCases } from '../support/golden-pairs';

const registry = createAdapterRegistry();
const accepted = loadGoldenCases('accepted');
const refused = loadGoldenCases('refused');

describe('golden pairs in contracts/platforms', () => {
  it("hold at least six accepted records and one refused record for each default instance (the registry's)", () => {
    for (const { name } of DEFAULT_INSTANCES) {
      assert.ok(accepted.filter((c) => c.instance === name).length >= 6, `${name}: fewer than six accepted records`);
      assert.ok(
        refused.some((c) => c.instance === name),
        `${name}: no refused record`,
      );
    }
  });

  describe('accepted records map to exactly their canonical declaration', () => {
    for (const c of accepted) {
      it(`${c.instance}: ${c.description}`, () => {
        const result = registry.get(c.instance)!.toCanonical(c.native, c.receivedAt);
        assert.ok(result.ok, `refused: ${JSON.stringify(!result.ok && result.reasons)}`);
        assert.equal(validateCanonical(result.declaration), true, describeErrors(validateCanonical.errors).join('; '));
        assert.deepEqual(result.declaration, c.canonical);
      });
    }
  });

  describe('refused records give every one of their reasons', () => {
    for (const c of refused) {
      it(`${c.instance}: ${c.description}`, () => {
        const result = registry.get(c.instance)!.toCanonical(c.native, c.receivedAt);
        assert.equal(result.ok, false);
        assert.deepEqual(!result.ok && result.reasons, c.reasons);
        for (const reason of !result.ok ? result.reasons : []) assert.match(reason.pointer, /^(\/[^/]+)*$/);
      });
    }
  });
});
