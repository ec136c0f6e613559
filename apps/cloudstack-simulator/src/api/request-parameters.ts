/**
 * The request's parameters as the servlet container hands them to CloudStack: query string first, then the form
 * body, names exactly as sent, and the first value of a repeated name.
 */
export function collectRequestParameters(rawQuery: string, formBody: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const source of [rawQuery, formBody ?? '']) {
    for (const [name, value] of new URLSearchParams(source)) {
      if (!(name in params)) params[name] = value;
    }
  }
  return params;
}
