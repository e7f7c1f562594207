/** How long a browser interaction (and its cookie) lasts from its start. */
export const INTERACTION_TTL_SECONDS = 30 * 60;
