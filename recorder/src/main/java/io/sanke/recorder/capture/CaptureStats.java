package io.sanke.recorder.capture;

/**
 * Counters of one capture.
 *
 * @param packets      RTP packets written
 * @param bytes        RTP bytes written
 * @param unknownSsrc  packets written whose SSRC no track claimed (yet)
 * @param dropped      datagrams dropped as not RTP (too short, wrong version, RTCP)
 * @param segments     segments closed
 */
public record CaptureStats(long packets, long bytes, long unknownSsrc, long dropped, int segments) {}
