package io.sanke.media.rtp;

/**
 * Thrown by the parsers in this package when bytes from the network are not a valid
 * packet. It carries no stack trace (it is cheap to throw on the receive path); the
 * pipeline catches it, counts the packet as malformed and drops it, so it never
 * escapes a {@code Node}.
 */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
