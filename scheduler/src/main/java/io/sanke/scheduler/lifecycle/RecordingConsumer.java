package io.sanke.scheduler.lifecycle;

import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.store.RedisKeys;
import io.sanke.scheduler.store.SchedulerStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Reads {@code sanke:recording-events} in consumer group {@code scheduler}: each entry's
 * field {@code event} is a {@link RecordingEvent} as JSON. An entry is acknowledged
 * only after it was applied to the store, so a scheduler that dies mid-way sees it
 * again: {@link #start()} re-reads this consumer's pending entries and claims those
 * another consumer left idle. A malformed entry is logged, counted and acknowledged
 * (it would never parse). Polls without blocking; does not own a timer.
 */
public final class RecordingConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingConsumer.class);
    private static final int BATCH = 100;

    private final Redis redis;
    private final SchedulerStore store;
    private final String consumer;
    private final Duration claimIdle;
    private long malformed;

    public RecordingConsumer(Redis redis, SchedulerStore store, String consumer, Duration claimIdle) {
        this.redis = redis;
        this.store = store;
        this.consumer = consumer;
        this.claimIdle = claimIdle;
    }

    /** Creates the group if needed, then applies entries left pending by this or a dead consumer. */
    public Future<Integer> start() {
        Request create = Request.cmd(Command.XGROUP).arg("CREATE").arg(RedisKeys.RECORDING_EVENTS)
                .arg(RedisKeys.RECORDING_GROUP).arg("0").arg("MKSTREAM");
        return redis.send(create)
                .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(e))
                .compose(v -> redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RedisKeys.RECORDING_EVENTS)
                        .arg(RedisKeys.RECORDING_GROUP).arg(consumer).arg(claimIdle.toMillis()).arg("0-0")
                        .arg("COUNT").arg(BATCH * 10)))
                .compose(claimed -> apply(claimed.get(1)))
                .compose(n -> read("0").map(m -> n + m));
    }

    /** Applies the entries not yet delivered to the group; answers how many. */
    public Future<Integer> poll() {
        return read(">");
    }

    /** Entries that could not be parsed since start. */
    public long malformed() {
        return malformed;
    }

    private Future<Integer> read(String from) {
        Request read = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RedisKeys.RECORDING_GROUP).arg(consumer)
                .arg("COUNT").arg(BATCH).arg("STREAMS").arg(RedisKeys.RECORDING_EVENTS).arg(from);
        return redis.send(read).compose(r -> r == null || r.size() == 0 ? Future.succeededFuture(0) : apply(r.get(0).get(1)));
    }

    private Future<Integer> apply(Response entries) {
        Future<Integer> done = Future.succeededFuture(0);
        if (entries == null) {
            return done;
        }
        for (Response entry : entries) {
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue; // deleted meanwhile
            }
            String id = entry.get(0).toString();
            RecordingEvent event = parse(id, entry.get(1));
            Future<Boolean> applied = event == null ? Future.succeededFuture(false) : store.applyRecording(event);
            done = done.compose(n -> applied
                    .compose(a -> redis.send(Request.cmd(Command.XACK).arg(RedisKeys.RECORDING_EVENTS)
                            .arg(RedisKeys.RECORDING_GROUP).arg(id)))
                    .map(x -> n + 1));
        }
        return done;
    }

    private RecordingEvent parse(String id, Response fields) {
        for (int f = 0; f + 1 < fields.size(); f += 2) {
            if ("event".equals(fields.get(f).toString())) {
                try {
                    RecordingEvent e = Json.MAPPER.readerFor(RecordingEvent.class)
                            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .readValue(fields.get(f + 1).toString());
                    if (e.type() != null && e.recordingId() != null && e.sessionId() != null) {
                        return e;
                    }
                } catch (java.io.IOException ex) {
                    // counted below
                }
            }
        }
        malformed++;
        LOG.warn("malformed recording event, acknowledged and skipped [id:{}]", id);
        return null;
    }
}
