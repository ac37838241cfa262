package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.SignalingException;

import java.util.ArrayList;
import java.util.List;

/**
 * The m-sections of a client offer, read just far enough to bind tracks: mid, kind
 * and direction. Parses nothing else; the SFU parses and checks the full SDP.
 */
record OfferSections(List<Section> sections) {

    record Section(String mid, String kind, String direction) {
        boolean sends() {
            return direction.equals("sendonly") || direction.equals("sendrecv");
        }

        boolean receives() {
            return direction.equals("recvonly") || direction.equals("sendrecv");
        }
    }

    static OfferSections parse(String sdp) {
        List<Section> out = new ArrayList<>();
        String kind = null;
        String mid = null;
        String dir = "sendrecv";
        boolean rejected = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                if (kind != null) {
                    add(out, kind, mid, dir, rejected);
                }
                String[] f = line.substring(2).split(" ");
                kind = f[0];
                rejected = f.length > 1 && f[1].equals("0");
                mid = null;
                dir = "sendrecv";
            } else if (kind != null && line.startsWith("a=mid:")) {
                mid = line.substring(6).trim();
            } else if (kind != null && (line.equals("a=sendonly") || line.equals("a=recvonly")
                    || line.equals("a=sendrecv") || line.equals("a=inactive"))) {
                dir = line.substring(2);
            }
        }
        if (kind != null) {
            add(out, kind, mid, dir, rejected);
        }
        return new OfferSections(out);
    }

    private static void add(List<Section> out, String kind, String mid, String dir, boolean rejected) {
        if (!kind.equals("audio") && !kind.equals("video")) {
            return;
        }
        if (mid == null) {
            throw SignalingException.of(ErrorCode.BAD_SDP, "m-section without a mid (unified plan is required)");
        }
        out.add(new Section(mid, kind, rejected ? "inactive" : dir));
    }
}
