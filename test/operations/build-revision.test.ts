import assert from 'node:assert/strict';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { ConfigError } from '../../gateway/config';
import { TestGateway } from '../support/test-gateway';

describe('the build an operator sees in vnhc_build_info', () => {
  it('is the revision the image was built from (BUILD_REVISION)', async () => {
    const gw = await TestGateway.start({ BUILD_REVISION: '3f2a9c1' });
    try {
      const text = (await gw.call('GET', '/metrics', { token: null, route: '/metrics' })).text;
      assert.match(text, /^vnhc_build_info\{[^}]*revision="3f2a9c1"[^}]*\} 1$/m);
    } finally {
      await gw.stop();
    }
  });

  it('refuses a revision that is no git revision or tag, rather than print it in a label', () => {
    assert.throws(() => loadSandboxConfig({ BUILD_REVISION: 'abc"} 1\nfake_metric 1' }), ConfigError);
  });
});
