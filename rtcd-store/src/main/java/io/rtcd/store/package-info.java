/**
 * The key-value store port ({@link io.rtcd.store.KvStore}) with a durable single-file MapDB implementation
 * ({@link io.rtcd.store.MapDbStore}) and an in-memory one ({@link io.rtcd.store.InMemoryStore}). rtcd keeps only
 * clientID to bcrypt-hash entries here. Depends on no other rtcd module.
 */
package io.rtcd.store;
