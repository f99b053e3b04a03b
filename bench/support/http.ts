/** A JSON request to the API as a benchmark makes it (bearer token optional); anything but 2xx throws with the answer. */
export async function call(method: string, url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
