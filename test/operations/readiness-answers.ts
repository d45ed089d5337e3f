import type { TestGateway, TestResponse } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/** /readyz as a kubelet asks it: no token. */
export const readyz = (gw: TestGateway): Promise<TestResponse> => gw.call('GET', '/readyz', { token: null });

/** The first /readyz answer with `status`: readiness reuses its last answer for up to half a second, so it follows the store within that. */
export async function readinessBecomes(gw: TestGateway, status: 200 | 503): Promise<TestResponse> {
  let answer: TestResponse | undefined;
  await waitFor(async () => (answer = await readyz(gw)).status === status, 5000, `/readyz to answer ${status}`);
  return answer!;
}
