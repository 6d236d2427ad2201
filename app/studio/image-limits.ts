// The limits of images uploaded in the Studio (ADR 034 §3f), in a module of its own: the server's
// body-size check, the upload's checks and the editor's hints read the same numbers (the refusals in
// app/locales/*/studio.json `images.errors` name them too: change both).

/** The largest upload taken, in bytes (5 MiB); the multipart parser stops reading past it. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
/** The longest side taken, in pixels (a lesson column is about 800 px wide, so 1,600 for sharp screens). */
export const MAX_IMAGE_SIDE = 6000
/** The most pixels taken (6000 × 4000, a camera's photo); sharp refuses to decode more (`limitInputPixels`). */
export const MAX_IMAGE_PIXELS = 24_000_000
/** The longest name a trainer may give an image (made a slug of at most 60 characters). */
export const MAX_IMAGE_NAME_LENGTH = 200
/** A figure's alt text and caption, in characters (one line each). */
export const MAX_ALT_LENGTH = 300
export const MAX_CAPTION_LENGTH = 300
/** Paths that take an image upload (the Studio's upload route and the lesson editor's Figure form). */
export const IMAGE_UPLOAD_PATH = /^\/(en|es)\/studio\/[a-z0-9-]+\/(images|[a-z0-9-]+\/[a-z0-9-]+)\/?$/
