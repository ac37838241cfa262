package io.sanke.media.pipeline;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtpPacket;
import java.util.HashMap;
import java.util.Map;

/**
 * Receive side: turns RTX packets (RFC 4588) back into the packets they repair. An RTX
 * payload type is mapped to its primary payload type ({@code a=fmtp:<rtx> apt=<pt>}); the
 * RTX SSRC to the primary SSRC either explicitly ({@link #associate}, from
 * {@code a=ssrc-group:FID}) or, for rid-based simulcast, by matching the
 * repaired-rtp-stream-id of the RTX packet with the rtp-stream-id seen on primary
 * packets. The original sequence number (OSN, the first two payload bytes) is restored
 * and the header moved over it, in place. Marks the packet as a retransmission.
 *
 * <p>Drops and counts: RTX packets without a payload behind the OSN ({@code empty}, e.g.
 * padding probes) and RTX packets whose primary SSRC is not known ({@code unknownSsrc}).
 * Non-RTX packets pass unchanged.
 */
public final class RtxUnwrapper extends TransformerNode {
    private final Map<Integer, Integer> aptByRtxPt;
    private final int ridExtId;
    private final int repairedRidExtId;
    private final Map<Long, Long> primaryByRtxSsrc = new HashMap<>();
    private final Map<String, Long> ssrcByRid = new HashMap<>();
    private long unwrapped;
    private long empty;
    private long unknownSsrc;

    /**
     * @param aptByRtxPt RTX payload type → the payload type it repairs
     * @param ridExtId id of the rtp-stream-id extension, or 0 when not negotiated
     * @param repairedRidExtId id of the repaired-rtp-stream-id extension, or 0
     */
    public RtxUnwrapper(Map<Integer, Integer> aptByRtxPt, int ridExtId, int repairedRidExtId) {
        super("RtxUnwrapper");
        this.aptByRtxPt = Map.copyOf(aptByRtxPt);
        this.ridExtId = ridExtId;
        this.repairedRidExtId = repairedRidExtId;
    }

    /** Declares that {@code rtxSsrc} repairs {@code primarySsrc} (SDP ssrc-group FID). */
    public void associate(long rtxSsrc, long primarySsrc) {
        primaryByRtxSsrc.put(rtxSsrc, primarySsrc);
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
        RtpPacket p = info.rtp();
        Integer apt = aptByRtxPt.get(p.payloadType());
        if (apt == null) {
            if (ridExtId > 0) {
                String rid = HeaderExtensions.readString(p, ridExtId);
                if (rid != null && !rid.isEmpty()) {
                    ssrcByRid.put(rid, p.ssrc());
                }
            }
            return info;
        }
        if (p.payloadLength() < 2) {
            empty++;
            return null;
        }
        Long primary = primaryByRtxSsrc.get(p.ssrc());
        if (primary == null && repairedRidExtId > 0) {
            String rrid = HeaderExtensions.readString(p, repairedRidExtId);
            primary = rrid == null ? null : ssrcByRid.get(rrid);
            if (primary != null) {
                primaryByRtxSsrc.put(p.ssrc(), primary);
            }
        }
        if (primary == null) {
            unknownSsrc++;
            return null;
        }
        byte[] buf = p.buffer();
        int header = p.headerLength();
        int osn = ((buf[p.payloadOffset()] & 0xFF) << 8) | (buf[p.payloadOffset() + 1] & 0xFF);
        System.arraycopy(buf, p.offset(), buf, p.offset() + 2, header);
        RtpPacket original = RtpPacket.parse(buf, p.offset() + 2, p.length() - 2);
        original.setSequenceNumber(osn);
        original.setSsrc(primary);
        original.setPayloadType(apt);
        info.setPacket(original);
        info.setRetransmission(true);
        unwrapped++;
        return info;
    }

    @Override
    protected String extraStats() {
        return "unwrapped=" + unwrapped + " empty=" + empty + " unknownSsrc=" + unknownSsrc;
    }
}
