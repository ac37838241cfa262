package io.sanke.recorder.repository;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The embedded resource repository: S3Proxy serving the S3 API in-process from a
 * directory on the local disk (filesystem backend), on 127.0.0.1 only, with SigV4
 * authentication (no anonymous access, no public bucket) and CORS open for GET so
 * browsers can fetch presigned media. Production points the MinIO client at MinIO
 * instead; nothing else changes. Its threads are not daemons: always {@link #close()}.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final Path dir;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, Path dir, URI endpoint, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.dir = dir;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts S3Proxy on 127.0.0.1:{@code port} (0 = a free port) storing objects under {@code dir}. */
    public static EmbeddedS3 start(Path dir, int port, String accessKey, String secretKey) {
        try {
            Files.createDirectories(dir);
            int chosen = port == 0 ? freePort() : port;
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
            props.setProperty("jclouds.identity", accessKey);
            props.setProperty("jclouds.credential", secretKey);
            URI endpoint = URI.create("http://127.0.0.1:" + chosen);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(BlobStores.create("filesystem", props))
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .corsRules(new CrossOriginResourceSharing(List.of("*"), List.of("GET", "HEAD"),
                            List.of("*"), List.of("ETag", "Content-Length"), "false"))
                    .jettyMaxThreads(32)
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.onSpinWait();
            }
            return new EmbeddedS3(proxy, dir, endpoint, accessKey, secretKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded S3 directory " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 (S3Proxy) did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dir() {
        return dir;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Stops serving (objects stay on disk; {@link #start} on the same port and directory serves them again). */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded S3 did not stop: " + e.getMessage(), e);
        }
    }
}
