package io.sanke.recorder.capture;

import java.time.Instant;

/**
 * Counters of one capture.
 *
 * @param packets      RTP packets written
 * @param bytes        RTP bytes written
 * @param unknownSsrc  packets written whose SSRC no track claimed (yet)
 * @param dropped      datagrams dropped as not RTP (too short, wrong version, RTCP)
 * @param segments     segments closed
 * @param firstPacket  arrival of the first packet written by this capture (null before)
 * @param lastPacket   arrival of the latest packet written (null before)
 */
public record CaptureStats(long packets, long bytes, long unknownSsrc, long dropped, int segments, Instant firstPacket,
    Instant lastPacket) {}
