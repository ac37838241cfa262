/**
 * The SFU's control API, version {@value io.sanke.media.api.MediaServerControl#VERSION}:
 * command records, their replies, the error family with wire codes and the
 * {@link io.sanke.media.api.MediaServerControl} interface. Everything here is plain data
 * (records, enums), ready to be carried as JSON later; the in-process implementation
 * lives in {@code io.sanke.media.server}. The control side chooses every id.
 */
package io.sanke.media.api;
