// Calls to head office's JSON API with the session cookie; unsafe methods carry the
// session's CSRF token (office.md: browser sessions use X-CSRF-Token).
import { errorText } from './error_text.js';

let csrf = '';

export function setCsrf(token) { csrf = token || ''; }

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(errorText(message));
    this.apiMessage = message;  // as the API wrote it
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', String(e.message || e));
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    // A session that ended (expired, signed out elsewhere) sends the page back to sign-in.
    if (res.status === 401 && path !== '/v1/auth/login') window.dispatchEvent(new Event('kopilka:unauthorized'));
    const err = (data && data.error) || {};
    const e = new ApiError(res.status, err.code || 'http_' + res.status, err.message || res.statusText, err.field);
    e.data = data;  // what else the answer says (a merged customer's merged_into)
    // How long a refused sign-in must wait, in seconds (429: the sign-in pace).
    e.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw e;
  }
  return data;
}
