/**
 * Client authentication for rtcd: registration of client IDs with client-chosen keys (stored as bcrypt hashes
 * through the {@link io.rtcd.auth.ClientKeyStore} port), Basic / admin / Bearer authentication with in-memory
 * bearer sessions ({@link io.rtcd.auth.AuthService}), and HS256 join tokens for browsers
 * ({@link io.rtcd.auth.JoinTokenCodec}). Depends on no other rtcd module.
 */
package io.rtcd.auth;
