package io.sanke.signaling;

import io.sanke.media.api.MediaServerControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.Sdp.Section;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.Source;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dominant-speaker changes reported by the SFU node reach every page as
 * {@code dominant-speaker} with the participant, not the producer. The node is the real
 * in-process SFU; only its speaker report is triggered by the test (no audio levels
 * flow without a real peer).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DominantSpeakerTest {
    private static MediaServer media;

    @BeforeAll
    static void startSfu() {
        media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
    }

    @AfterAll
    static void stopSfu() {
        media.close();
    }

    /** The in-process node, keeping the speaker listener signaling registers. */
    static final class Reporting implements MediaNode {
        final InProcessMediaNode node = new InProcessMediaNode(media);
        volatile Consumer<String> listener;

        public String id() {
            return node.id();
        }

        public String region() {
            return node.region();
        }

        public MediaServerControl control() {
            return node.control();
        }

        @Override
        public void onDominantSpeaker(String routerId, Consumer<String> producerId) {
            listener = producerId;
        }
    }

    @Test
    @DisplayName("the SFU's dominant speaker reaches the classrooms as the teacher's participant id")
    void forwarded(Vertx vertx, VertxTestContext ctx) {
        Reporting node = new Reporting();
        Harness.start(vertx, List.of(node)).compose(h -> h.join("c-v1").compose(c -> h.join("t-wang")
                .compose(t -> t.peer().ok("publish", new JsonObject().put("source", "microphone").put("mid", "0"))
                        .compose(x -> t.peer().ok("offer", new JsonObject().put("sdp",
                                Sdp.offer("t1", List.of(Section.send("0", "audio")))))))
                .compose(x -> c.peer().event("published"))
                .compose(x -> h.signaling.rooms().state().snapshot(Harness.SID))
                .compose(room -> {
                    node.listener.accept(room.members().get("t-wang").tracks().get(Source.MICROPHONE).producerId());
                    return c.peer().event("dominant-speaker");
                })
                .compose(e -> {
                    ctx.verify(() -> assertEquals("t-wang", e.getString("participantId")));
                    return h.stop();
                })))
                .onComplete(ctx.succeedingThenComplete());
    }
}
