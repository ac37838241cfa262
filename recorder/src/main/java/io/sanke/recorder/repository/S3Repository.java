package io.sanke.recorder.repository;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.sanke.recorder.api.RecorderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resource repository: one S3 bucket reached with the MinIO client (MinIO in
 * production, the embedded S3Proxy by default). Uploads are retried with backoff
 * ({@link RetryPolicy}) so a repository that goes away for a while loses nothing;
 * media leaves only through short-lived presigned GET URLs ({@link #presignGet}).
 * Blocking: call it from worker threads, never from an event loop. Knows keys and
 * bytes, not recordings ({@link Keys} has the layout).
 */
public final class S3Repository {
    private static final Logger LOG = LoggerFactory.getLogger(S3Repository.class);

    private final MinioClient client;
    private final String bucket;
    private final RetryPolicy retry;
    private final PresignerV4 presigner;

    public S3Repository(URI endpoint, String accessKey, String secretKey, String region, String bucket,
                        RetryPolicy retry, Clock clock) {
        this.client = MinioClient.builder().endpoint(endpoint.toString()).credentials(accessKey, secretKey)
                .region(region).build();
        this.client.setTimeout(10_000, 60_000, 60_000);
        this.bucket = bucket;
        this.retry = retry;
        this.presigner = new PresignerV4(endpoint, accessKey, secretKey, region, clock);
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if missing (private: no bucket policy is ever set). */
    public void ensureBucket() {
        withRetry("bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        }, UploadListener.NONE);
    }

    /** Uploads one file (multipart when large), retrying with backoff. */
    public void upload(String key, Path file, UploadListener listener) {
        long size = size(file);
        withRetry(key, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString()).contentType(contentType(key)).build()), listener);
        listener.uploaded(key, size);
    }

    /**
     * Uploads every file under {@code dir} to {@code prefix + relative path}, in path
     * order, each with retries. An object already there with the same size is not sent
     * again, so a job that resumes after a crash continues where it stopped.
     *
     * @return the keys written
     */
    public List<String> uploadTree(String prefix, Path dir, UploadListener listener) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw RecorderException.storage("cannot list " + dir, e);
        }
        List<String> keys = new ArrayList<>();
        for (Path f : files) {
            String key = prefix + dir.relativize(f).toString().replace('\\', '/');
            Optional<Long> there = sizeOf(key, listener);
            if (there.isPresent() && there.get() == size(f)) {
                listener.uploaded(key, there.get());
            } else {
                upload(key, f, listener);
            }
            keys.add(key);
        }
        return keys;
    }

    public void putString(String key, String text, String contentType) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        withRetry(key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()),
                UploadListener.NONE);
    }

    public String getString(String key) {
        return withRetry(key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }, UploadListener.NONE);
    }

    /** The object's size, or empty when there is no such object. */
    public Optional<Long> sizeOf(String key) {
        return sizeOf(key, UploadListener.NONE);
    }

    private Optional<Long> sizeOf(String key, UploadListener listener) {
        return withRetry(key, () -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return Optional.<Long>empty();
                }
                throw e;
            }
        }, listener);
    }

    /** Every key under {@code prefix}, sorted. */
    public List<String> list(String prefix) {
        return withRetry(prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            keys.sort(null);
            return keys;
        }, UploadListener.NONE);
    }

    /** Downloads every object under {@code prefix} into {@code dir}, keeping relative paths. */
    public List<Path> downloadTree(String prefix, Path dir) {
        List<Path> files = new ArrayList<>();
        for (String key : list(prefix)) {
            Path target = dir.resolve(key.substring(prefix.length())).normalize();
            if (!target.startsWith(dir)) {
                throw RecorderException.storage("object key escapes the target directory [key:" + key + "]", null);
            }
            withRetry(key, () -> {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key)
                        .filename(target.toString()).build());
                return null;
            }, UploadListener.NONE);
            files.add(target);
        }
        return files;
    }

    /** Deletes every object under {@code prefix}; returns how many. */
    public int deletePrefix(String prefix) {
        List<String> keys = list(prefix);
        if (keys.isEmpty()) {
            return 0;
        }
        return withRetry(prefix, () -> {
            List<DeleteObject> objects = keys.stream().map(DeleteObject::new).toList();
            for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket)
                    .objects(objects).build())) {
                DeleteError err = r.get();
                throw new IOException("delete failed [key:" + err.objectName() + "]: " + err.message());
            }
            return keys.size();
        }, UploadListener.NONE);
    }

    /** A URL that lets its bearer GET {@code key} for {@code expiry}, then the S3 server refuses it. */
    public String presignGet(String key, Duration expiry) {
        return presigner.presignGet(bucket, key, expiry);
    }

    // ---------------------------------------------------------------- retries

    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T withRetry(String what, Call<T> call, UploadListener listener) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (e instanceof ErrorResponseException er && !retryable(er)) {
                    throw RecorderException.storage("repository refused " + what + ": " + er.errorResponse().code(), e);
                }
                if (attempt >= retry.attempts()) {
                    throw RecorderException.storage("repository unavailable for " + what + " after " + attempt
                            + " attempts: " + e, e);
                }
                LOG.warn("repository: attempt {} for {} failed ({}), retrying", attempt, what, e.toString());
                listener.retrying(what, attempt, e);
                pause(retry.backoffAfter(attempt));
            }
        }
    }

    private static boolean retryable(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return code == null || code.equals("InternalError") || code.equals("SlowDown")
                || code.equals("ServiceUnavailable") || code.equals("RequestTimeout");
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || e.response() != null && e.response().code() == 404;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RecorderException.storage("interrupted while waiting to retry", e);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw RecorderException.storage("cannot read " + f, e);
        }
    }

    static String contentType(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        } else if (k.endsWith(".ts")) {
            return "video/mp2t";
        } else if (k.endsWith(".m4s")) {
            return "video/iso.segment";
        } else if (k.endsWith(".mp4")) {
            return "video/mp4";
        } else if (k.endsWith(".jpg") || k.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (k.endsWith(".png")) {
            return "image/png";
        } else if (k.endsWith(".json")) {
            return "application/json";
        } else if (k.endsWith(".webm") || k.endsWith(".mkv")) {
            return "video/x-matroska";
        }
        return "application/octet-stream";
    }
}
