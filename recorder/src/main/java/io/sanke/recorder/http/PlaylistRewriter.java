package io.sanke.recorder.http;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an HLS playlist so a player reaches media only through presigned URLs:
 * every URI that names a media file (segments, {@code EXT-X-MAP} init sections, keys)
 * is replaced by {@code presign(relative path)}; URIs of other playlists stay relative
 * so the player asks the library for them (and they get rewritten in turn).
 * Does not fetch anything.
 */
final class PlaylistRewriter {
    private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]+)\"");

    private PlaylistRewriter() {
    }

    /**
     * @param playlist the playlist text
     * @param dir      the playlist's directory relative to the media root ("" or "720p/")
     * @param presign  relative-to-media-root path → absolute presigned URL
     */
    static String rewrite(String playlist, String dir, UnaryOperator<String> presign) {
        StringBuilder out = new StringBuilder(playlist.length() * 2);
        for (String line : playlist.split("\r?\n", -1)) {
            String t = line.strip();
            if (t.isEmpty()) {
                out.append(line);
            } else if (t.startsWith("#")) {
                if (t.startsWith("#EXT-X-MAP") || t.startsWith("#EXT-X-KEY") || t.startsWith("#EXT-X-MEDIA")
                        || t.startsWith("#EXT-X-I-FRAME-STREAM-INF")) {
                    Matcher m = URI_ATTR.matcher(t);
                    StringBuilder b = new StringBuilder();
                    while (m.find()) {
                        m.appendReplacement(b, Matcher.quoteReplacement("URI=\"" + resolve(m.group(1), dir, presign) + "\""));
                    }
                    m.appendTail(b);
                    out.append(b);
                } else {
                    out.append(line);
                }
            } else {
                out.append(resolve(t, dir, presign));
            }
            out.append('\n');
        }
        while (out.length() > 1 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static String resolve(String uri, String dir, UnaryOperator<String> presign) {
        if (uri.contains("://") || uri.startsWith("/")) {
            return uri; // absolute: left alone (the transcoder writes relative URIs)
        }
        String path = normalize(dir + uri);
        return path.endsWith(".m3u8") ? uri : presign.apply(path);
    }

    /** Resolves {@code ..} and {@code .}; refuses to climb above the media root. */
    static String normalize(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("playlist path leaves the media root: " + path);
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
