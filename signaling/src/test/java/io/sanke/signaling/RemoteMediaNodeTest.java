package io.sanke.signaling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.server.ControlConfig;
import io.sanke.media.server.ControlHttpServer;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.Sdp.Section;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signaling on an SFU node in "another process": a real media node behind its HTTP control API on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RemoteMediaNodeTest {
    private static final String SECRET = "media-secret-0123456789";
    private MediaServer media;
    private ControlHttpServer http;

    @BeforeEach
    void startNode() {
        media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
        http = ControlHttpServer.start(new InProcessControl(media), new ControlConfig("127.0.0.1", 0, SECRET, 256 * 1024));
    }

    @AfterEach
    void stopNode() {
        http.close();
        media.close();
    }

    private static Config with(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private String entry() {
        return "{ id = media-2, region = east, url = \"http://127.0.0.1:" + http.port() + "\", secret = " + SECRET + " }";
    }

    @Test
    @DisplayName("media-nodes entries become remote nodes with their id, region and timeout; none by default")
    void configured() throws Exception {
        assertTrue(RemoteMediaNode.configured(with("")).isEmpty());
        List<RemoteMediaNode> nodes = RemoteMediaNode.configured(with("sanke.signaling.media-nodes = [" + entry()
                + ", { id = media-3, url = \"http://127.0.0.1:1\", secret = " + SECRET + ", timeout = 2 seconds }]"));
        assertEquals(List.of("media-2", "media-3"), nodes.stream().map(RemoteMediaNode::id).toList());
        assertEquals(List.of("east", "default"), nodes.stream().map(RemoteMediaNode::region).toList());
        assertInstanceOf(Reply.Done.class, nodes.get(0).control().execute(new Command.CreateRouter("room")));
        assertEquals(1, media.routers().size());
        assertEquals("media-2", NodeSelector.select(List.copyOf(nodes), "east").id(),
                "the selector reads the remote node's load; the unreachable one is left out");
        assertEquals("media-2", NodeSelector.select(List.copyOf(nodes), "west").id());
        nodes.forEach(RemoteMediaNode::close);
    }

    @Test
    @DisplayName("a bad media-nodes entry refuses the start with its key named")
    void badEntries() {
        String[][] table = {
                {"media-nodes = [{ region = east, url = \"http://127.0.0.1:8070\", secret = " + SECRET + " }]",
                        "sanke.signaling.media-nodes[0].id is required"},
                {"media-nodes = [{ id = m, url = \"ftp://127.0.0.1:8070\", secret = " + SECRET + " }]",
                        "sanke.signaling.media-nodes[0].url"},
                {"media-nodes = [{ id = m, url = \"http://127.0.0.1:8070\", secret = short }]",
                        "sanke.signaling.media-nodes[0].secret"},
                {"media-nodes = [{ id = m, url = \"http://127.0.0.1:8070\", secret = " + SECRET + ", timeout = 0 s }]",
                        "sanke.signaling.media-nodes[0].timeout"},
                {"media-nodes = [{ id = m, url = \"http://127.0.0.1:8070\", secret = " + SECRET + " },"
                        + " { id = m, url = \"http://127.0.0.1:8071\", secret = " + SECRET + " }]",
                        "sanke.signaling.media-nodes[1].id is listed twice"},
                {"media-nodes = media-2", "sanke.signaling.media-nodes must be a list"}};
        for (String[] row : table) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RemoteMediaNode.configured(with("sanke.signaling." + row[0])), row[0]);
            assertTrue(e.getMessage().startsWith("bad signaling configuration: " + row[1]), e.getMessage());
        }
    }

    @Test
    @DisplayName("a lesson's media runs on the remote node: the teacher's offer is answered and its producers live there")
    void lessonOnRemoteNode(Vertx vertx, VertxTestContext ctx) {
        RemoteMediaNode node = RemoteMediaNode.configured(with("sanke.signaling.media-nodes = [" + entry() + "]")).get(0);
        Harness.start(vertx, List.<MediaNode>of(node)).compose(h -> h.join("t-wang")
                .compose(t -> t.peer().ok("publish", new JsonObject().put("source", "camera").put("mid", "0"))
                        .compose(x -> t.peer().ok("publish", new JsonObject().put("source", "microphone").put("mid", "1")))
                        .compose(x -> t.peer().ok("offer", new JsonObject().put("sdp", Sdp.offer("tch1",
                                List.of(Section.send("0", "video"), Section.send("1", "audio")))))))
                .map(answer -> {
                    ctx.verify(() -> {
                        assertTrue(answer.getString("sdp").startsWith("v=0"));
                        assertEquals(2, media.router(Harness.SID).producers().size(),
                                "the producers are on the node behind the control API");
                    });
                    return h;
                })
                .compose(Harness::stop))
                .onComplete(ctx.succeeding(x -> {
                    node.close();
                    ctx.completeNow();
                }));
    }
}
