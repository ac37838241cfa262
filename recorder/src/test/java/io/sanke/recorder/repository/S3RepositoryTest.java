package io.sanke.recorder.repository;

import io.sanke.recorder.testing.TestS3;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3RepositoryTest {
    static TestS3 s3;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        s3 = TestS3.start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @DisplayName("a presigned URL serves the object, the same URL after its expiry is refused by the S3 server")
    void presignedUrlsExpire() throws Exception {
        MutableClock clock = new MutableClock(Clock.systemUTC().instant());
        S3Repository repo = s3.repository(clock);
        repo.putString("recordings/r1/media/master.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl");

        HttpResponse<byte[]> fresh = get(repo.presignGet("recordings/r1/media/master.m3u8", Duration.ofMinutes(5)));
        assertEquals(200, fresh.statusCode());
        assertEquals("#EXTM3U\n", new String(fresh.body()));

        HttpResponse<byte[]> cors = HTTP.send(HttpRequest.newBuilder(URI.create(
                repo.presignGet("recordings/r1/media/master.m3u8", Duration.ofMinutes(5))))
                .header("Origin", "http://127.0.0.1:8082").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, cors.statusCode());
        assertTrue(cors.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                "browsers on the library's origin may fetch presigned media: " + cors.headers().map());

        clock.advance(Duration.ofMinutes(-20)); // signed 20 minutes ago with 5 minutes to live: expired now
        HttpResponse<byte[]> expired = get(repo.presignGet("recordings/r1/media/master.m3u8", Duration.ofMinutes(5)));
        assertEquals(403, expired.statusCode(), new String(expired.body()));
    }

    @Test
    @DisplayName("the bucket is not public: an unsigned GET and a tampered signature are refused")
    void noPublicAccess() throws Exception {
        S3Repository repo = s3.repository(Clock.systemUTC());
        repo.putString("recordings/r2/metadata.json", "{}", "application/json");
        assertEquals(403, get(s3.endpoint() + "/" + TestS3.BUCKET + "/recordings/r2/metadata.json").statusCode());
        String url = repo.presignGet("recordings/r2/metadata.json", Duration.ofMinutes(5));
        String otherKey = url.replace("/r2/metadata.json", "/r2/other.json");
        assertEquals(403, get(otherKey).statusCode());
    }

    @Test
    @DisplayName("stopping the S3 server in the middle of an upload: the upload is retried and every byte arrives")
    void uploadSurvivesRepositoryOutage() throws Exception {
        S3Repository repo = s3.repository(Clock.systemUTC(),
                new RetryPolicy(20, Duration.ofMillis(20), Duration.ofMillis(200)));
        Path dir = Files.createTempDirectory("sanke-upload-");
        try {
            Random random = new Random(7);
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] data = new byte[i == 3 ? 7 * 1024 * 1024 : 200_000 + i];
                random.nextBytes(data);
                contents.add(data);
                Files.write(dir.resolve("seg-%05d.ts".formatted(i)), data);
            }
            List<String> retried = new ArrayList<>();
            UploadListener outage = new UploadListener() {
                @Override
                public void uploaded(String key, long bytes) {
                    if (key.endsWith("seg-00001.ts")) {
                        s3.stop(); // the repository goes away after the second object
                    }
                }

                @Override
                public void retrying(String key, int attempt, Exception cause) {
                    retried.add(key);
                    if (attempt == 2) {
                        s3.restart(); // and comes back while the third is being retried
                    }
                }
            };
            List<String> keys = repo.uploadTree("recordings/r3/media/", dir, outage);

            assertEquals(6, keys.size());
            assertTrue(retried.contains("recordings/r3/media/seg-00002.ts"), "the upload was retried: " + retried);
            for (int i = 0; i < 6; i++) {
                String key = "recordings/r3/media/seg-%05d.ts".formatted(i);
                HttpResponse<byte[]> r = get(repo.presignGet(key, Duration.ofMinutes(1)));
                assertEquals(200, r.statusCode(), key);
                assertArrayEquals(contents.get(i), r.body(), key);
            }
            assertEquals(6, repo.deletePrefix("recordings/r3/"));
            assertEquals(List.of(), repo.list("recordings/r3/"));
        } finally {
            RedisProcess.deleteTree(dir);
        }
    }
}
