// A URL as typed on a command line ("host:8000/v1") with http:// added when it names no scheme, as aiperf reads them.
export function withHttpScheme(raw: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}
