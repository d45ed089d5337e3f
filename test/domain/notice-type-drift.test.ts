import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../gateway/project-paths';
import { NOTICE_TYPE_FILE, renderNoticeType } from '../../gateway/domain/render-notice-type';

describe('the exposure notice types', () => {
  it('are exactly what schemas/exposure-notice.v1.schema.json generates (run `npm run gen:types` after changing the schema)', async () => {
    assert.equal(readFileSync(projectPath(NOTICE_TYPE_FILE), 'utf8'), await renderNoticeType());
  });
});
