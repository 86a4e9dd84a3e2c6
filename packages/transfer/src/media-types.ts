/**
 * Content types for media files by extension. Only types a card can show are served as themselves; anything else
 * (SVG included: it can carry script) is application/octet-stream, so no imported file is ever rendered as a page.
 */
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

export function mediaContentType(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/** Media names as stored: a plain file name, no folders, at most 200 characters. */
export function safeMediaName(name: string): string | null {
  if (!name || name.length > 200 || /[/\\\0]/.test(name) || name === '.' || name === '..') return null;
  return name;
}
