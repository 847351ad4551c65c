/**
 * Finds implementations: the project's one manifest reader, shared with the
 * site, lives in src/lib/manifest-reader.ts (the site builds from src/ alone).
 */
export * from '../../src/lib/manifest-reader.ts';
