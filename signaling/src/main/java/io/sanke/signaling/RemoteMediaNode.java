package io.sanke.signaling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sanke.media.server.ControlConfig;
import io.sanke.media.server.HttpMediaControl;
import io.sanke.signaling.api.MediaNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An SFU node in a process of its own ({@code io.sanke.media.server.MediaNodeMain}), as
 * signaling's {@link MediaNode}: id and region from {@code sanke.signaling.media-nodes},
 * the control API over HTTP ({@link HttpMediaControl}), the load through {@code GetLoad}
 * like any node. Several signaling nodes listing the same media nodes share them, so a
 * lesson joined through any of them meets in one router. Does not report dominant-speaker
 * changes (control API v1 has no event channel) and cannot feed live recording, which needs
 * an in-process node's plain-RTP SDP.
 */
public record RemoteMediaNode(String id, String region, HttpMediaControl control) implements MediaNode, AutoCloseable {
    private static final String KEY = "sanke.signaling.media-nodes";

    /**
     * The nodes of {@code sanke.signaling.media-nodes} ({@code [{id, region, url, secret, timeout}]};
     * region defaults to {@code default}, timeout to 10 seconds); empty when none are listed.
     * A bad entry refuses the start with its key named.
     */
    public static List<RemoteMediaNode> configured(Config root) {
        if (!root.hasPath(KEY)) {
            return List.of();
        }
        List<? extends Config> entries;
        try {
            entries = root.getConfigList(KEY);
        } catch (ConfigException e) {
            throw bad(KEY, "must be a list of {id, region, url, secret} [" + e.getMessage() + "]");
        }
        List<RemoteMediaNode> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            RemoteMediaNode node = entry(entries.get(i), KEY + "[" + i + "]");
            if (!ids.add(node.id())) {
                throw bad(KEY + "[" + i + "].id", "is listed twice [id:" + node.id() + "]");
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    private static RemoteMediaNode entry(Config c, String key) {
        String id = string(c, "id", key);
        String region = c.hasPath("region") ? string(c, "region", key) : "default";
        String secret = string(c, "secret", key);
        if (secret.length() < ControlConfig.MIN_SECRET_LENGTH) {
            throw bad(key + ".secret", "must be the node's sanke.media.control.secret (at least "
                    + ControlConfig.MIN_SECRET_LENGTH + " characters)");
        }
        Duration timeout;
        try {
            timeout = c.hasPath("timeout") ? c.getDuration("timeout") : HttpMediaControl.DEFAULT_TIMEOUT;
        } catch (ConfigException e) {
            throw bad(key + ".timeout", "must be a duration [" + e.getMessage() + "]");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw bad(key + ".timeout", "must be a positive duration");
        }
        String url = string(c, "url", key);
        try {
            return new RemoteMediaNode(id, region, new HttpMediaControl(URI.create(url), secret, timeout));
        } catch (IllegalArgumentException e) {
            throw bad(key + ".url", "must be the node's control address http://host:port [" + e.getMessage() + "]");
        }
    }

    private static String string(Config c, String field, String key) {
        try {
            String v = c.getString(field);
            if (v.isBlank()) {
                throw bad(key + "." + field, "must not be empty");
            }
            return v;
        } catch (ConfigException e) {
            throw bad(key + "." + field, "is required");
        }
    }

    private static IllegalArgumentException bad(String key, String reason) {
        return new IllegalArgumentException("bad signaling configuration: " + key + " " + reason);
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        control.close();
    }
}
