// The renderer makes no network calls (the main process does HTTP and S3), so everything is 'self' — with the page
// served from app://renderer, 'self' is the app's own files and nothing else on disk.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
