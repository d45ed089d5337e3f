import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../gateway/project-paths';
import { renderVenueType, VENUE_TYPE_FILE } from '../../gateway/domain/render-venue-type';

describe('the venue types', () => {
  it('are exactly what schemas/venue.v1.schema.json generates (run `npm run gen:types` after changing the schema)', async () => {
    assert.equal(readFileSync(projectPath(VENUE_TYPE_FILE), 'utf8'), await renderVenueType());
  });
});
