/**
 * The SFU's control API, version {@value io.sanke.media.api.MediaServerControl#VERSION}:
 * command records, their replies, the error family with wire codes and the
 * {@link io.sanke.media.api.MediaServerControl} interface. Everything here is plain data
 * (records, enums) with their JSON shape (a {@code "type"} and the record's fields); the
 * in-process implementation and the HTTP server and client live in {@code io.sanke.media.server}. The control side chooses every id.
 */
package io.sanke.media.api;
