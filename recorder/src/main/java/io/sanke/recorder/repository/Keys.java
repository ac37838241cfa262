package io.sanke.recorder.repository;

/**
 * The object key layout of the resource repository (one bucket, {@code sanke.recorder.s3.bucket}):
 * <pre>
 * recordings/{recordingId}/metadata.json              the {@link io.sanke.recorder.api.Recording} JSON, beside the media
 * recordings/{recordingId}/raw/{segment}              captured segments (input of the transcode job)
 * recordings/{recordingId}/media/master.m3u8          HLS master playlist
 * recordings/{recordingId}/media/{rendition}/index.m3u8, seg-NNNNN.ts   one media playlist and its segments per rendition
 * recordings/{recordingId}/media/{rendition}.mp4      progressive MP4 per rendition (optional)
 * recordings/{recordingId}/media/poster.jpg, thumbs/… poster and thumbnails
 * </pre>
 * Everything of a recording sits under one prefix, so retention removes it with one prefix delete.
 * Does not talk to S3.
 */
public final class Keys {
    private Keys() {
    }

    public static final String ROOT = "recordings/";

    /** Prefix of everything that belongs to one recording. */
    public static String recording(String recordingId) {
        return ROOT + checked(recordingId) + "/";
    }

    public static String metadata(String recordingId) {
        return recording(recordingId) + "metadata.json";
    }

    public static String raw(String recordingId) {
        return recording(recordingId) + "raw/";
    }

    public static String media(String recordingId) {
        return recording(recordingId) + "media/";
    }

    /** Ids become key segments: letters, digits, {@code - _ . @} only, never {@code ..}. */
    public static String checked(String id) {
        if (id == null || id.isEmpty() || id.length() > 200 || id.contains("..")
                || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_.@".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a usable id for an object key [id:" + id + "]");
        }
        return id;
    }
}
