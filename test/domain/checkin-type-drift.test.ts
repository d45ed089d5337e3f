import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../gateway/project-paths';
import { CHECKIN_TYPE_FILE, renderCheckinType } from '../../gateway/domain/render-checkin-type';

describe('the check-in types', () => {
  it('are exactly what schemas/checkin.v1.schema.json generates (run `npm run gen:types` after changing the schema)', async () => {
    assert.equal(readFileSync(projectPath(CHECKIN_TYPE_FILE), 'utf8'), await renderCheckinType());
  });
});
