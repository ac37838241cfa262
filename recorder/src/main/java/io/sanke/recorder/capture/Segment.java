package io.sanke.recorder.capture;

import java.time.Instant;

/**
 * One closed segment file of a recording.
 *
 * @param index     1, 2, ... in recording order (also across restarts)
 * @param file      file name under {@code segments/}
 * @param from      arrival time of its first packet (or its opening, when empty)
 * @param to        arrival time of its last packet (or its closing, when empty)
 * @param packets   packets it holds
 * @param bytes     RTP bytes it holds (without framing)
 * @param recovered true when it was found open after a crash and cut at its last whole record
 */
public record Segment(int index, String file, Instant from, Instant to, long packets, long bytes, boolean recovered) {}
