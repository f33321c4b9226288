import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { FrameworkApp } from '../../src';
import { setCookie } from './support';

/** A browser: a supertest agent keeping cookies. */
export type Browser = TestAgent;

/** A new browser for `app`. */
export function browser(app: FrameworkApp): Browser {
  return request.agent(app);
}

/** Fetch a CSRF token for this browser. */
export async function token(agent: Browser): Promise<string> {
  return (await agent.get('/token/')).text;
}

/** Log in through /do-login/ with a valid CSRF token; resolves to the response. */
export async function loginAs(agent: Browser, username: string, password: string) {
  const csrf = await token(agent);
  return agent.post('/do-login/').set('X-CSRFToken', csrf).type('form').send(new URLSearchParams({ username, password }).toString());
}

/** The session key a response set (undefined when it set none). */
export function sessionKeyOf(res: { headers: Record<string, unknown> }): string | undefined {
  return setCookie(res, 'sessionid')?.value;
}
