package io.sanke.recorder.review;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.scheduler.api.RecordingEvent;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.time.Instant;

/**
 * Builds the {@code sanke:recording-events} entries the scheduler reads (field
 * {@code event} = {@link RecordingEvent} JSON), to be committed in the same
 * transaction as the state change they report.
 */
public final class RecordingEvents {
    private static final long MAX_LENGTH = 100_000;

    private RecordingEvents() {
    }

    public static Request of(RecordingEvent.Type type, Recording r, Instant at) {
        RecordingEvent e = new RecordingEvent(type, r.id(), r.sessionId(), r.metadata().masterClassroomId(), at);
        return Request.cmd(Command.XADD).arg(RecorderKeys.RECORDING_EVENTS).arg("MAXLEN").arg("~").arg(MAX_LENGTH)
                .arg("*").arg("event").arg(RecorderJson.write(e));
    }
}
