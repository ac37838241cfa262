package io.sanke.recorder.api;

/**
 * The UDP address block of a capture: the SFU's plain transport sends its consumer n to
 * {@code host:basePort + 2n}; at most {@code ports} consumers are received at a time.
 */
public record CaptureTarget(String host, int basePort, int ports) {
    public CaptureTarget {
        if (host == null || host.isBlank() || basePort <= 0 || basePort % 2 != 0 || basePort > 65534 || ports < 1) {
            throw RecorderException.invalid("bad capture target [host:" + host + ", port:" + basePort
                    + ", ports:" + ports + "]");
        }
    }
}
