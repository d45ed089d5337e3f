import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../gateway/project-paths';
import { renderTracingType, TRACING_TYPE_FILE } from '../../gateway/domain/render-tracing-type';

describe('the tracing types', () => {
  it('are exactly what schemas/tracing.v1.schema.json generates (run `npm run gen:types` after changing the schema)', async () => {
    assert.equal(readFileSync(projectPath(TRACING_TYPE_FILE), 'utf8'), await renderTracingType());
  });
});
