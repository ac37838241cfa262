package io.sanke.recorder.api;

/**
 * One rung of the HLS ladder of a recording, as stored in the repository.
 *
 * @param name         e.g. {@code 720p}
 * @param bandwidth    peak bits per second announced in the master playlist
 * @param playlistKey  object key of its media playlist ({@code …/hls/720p/index.m3u8})
 */
public record Rendition(String name, int width, int height, long bandwidth, String playlistKey) {
}
