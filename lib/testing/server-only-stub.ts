// Vitest runs outside Next.js, where "server-only" would throw; this empty module stands in for it.
export {};
