package io.sanke.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SankeServerTest {

    private static Config config(Path dataDir) {
        return ConfigFactory.parseMap(Map.of(
                        "sanke.server.data-dir", dataDir.toString(),
                        "sanke.scheduler.http.port", 0,
                        "sanke.signaling.http.port", 0,
                        "sanke.media.ice.bind-address", "127.0.0.1",
                        "sanke.media.ice.udp-port", 0,
                        "sanke.media.ice.tcp-port", 0))
                .withFallback(ConfigFactory.load());
    }

    private static HttpResponse<Buffer> get(WebClient client, int port, String path, String token) throws Exception {
        return client.get(port, "127.0.0.1", "/api/v1" + path).bearerTokenAuthentication(token).send()
                .await(20, TimeUnit.SECONDS);
    }

    @Test
    void boots_with_embedded_redis_and_demo_data_and_serves_coverage_to_the_printed_token_across_a_restart() throws Exception {
        Path dataDir = Files.createTempDirectory("sanke-server-");
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx);
        try {
            long schools;
            try (SankeServer server = SankeServer.start(config(dataDir), Clock.systemUTC())) {
                Matcher token = Pattern.compile("token:\\s+(\\S+)").matcher(server.banner());
                assertTrue(token.find(), server.banner());
                assertTrue(server.banner().contains("curl -H 'Authorization: Bearer "), server.banner());

                HttpResponse<Buffer> coverage = get(client, server.httpPort(), "/coverage?scope=all&period=term", token.group(1));

                assertEquals(200, coverage.statusCode(), coverage.bodyAsString());
                JsonObject report = coverage.bodyAsJsonObject();
                assertEquals("all", report.getJsonObject("scope").getString("type"));
                assertEquals(7, report.getJsonObject("teachingPoints").getInteger("total"));
                assertTrue(report.getJsonObject("lessons").getInteger("delivered") > 0, report.encode());
                assertEquals(1, report.getJsonObject("lessons").getInteger("missed"), report.encode());
                JsonObject conflicts = get(client, server.httpPort(), "/conflicts", token.group(1)).bodyAsJsonObject();
                assertEquals(0, conflicts.getInteger("total"), "the demo plan has no conflicts: " + conflicts);
                schools = get(client, server.httpPort(), "/schools", token.group(1)).bodyAsJsonObject().getLong("total");
                assertEquals(14, schools);

                HttpResponse<Buffer> page = client.get(server.signalingPort(), "127.0.0.1", "/").send()
                        .await(20, TimeUnit.SECONDS);
                assertEquals(200, page.statusCode(), "signaling serves the pages");
                HttpResponse<Buffer> tokens = client.post(server.signalingPort(), "127.0.0.1",
                                "/api/v1/sessions/none@2026-01-01/tokens").bearerTokenAuthentication(token.group(1))
                        .sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS);
                assertEquals(409, tokens.statusCode(), "the scheduler's token is accepted; that lesson has no open room");
            }
            try (SankeServer again = SankeServer.start(config(dataDir), Clock.systemUTC())) {
                HttpResponse<Buffer> r = get(client, again.httpPort(), "/schools", again.coordinatorToken());
                assertEquals(schools, r.bodyAsJsonObject().getLong("total"), "data survives the restart, demo not loaded twice");
                JsonObject audit = get(client, again.httpPort(), "/audit?limit=500", again.coordinatorToken()).bodyAsJsonObject();
                assertEquals(1, audit.getJsonArray("items").stream()
                        .filter(o -> "seed".equals(((JsonObject) o).getString("action"))).count());
            }
        } finally {
            client.close();
            vertx.close().await(20, TimeUnit.SECONDS);
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
