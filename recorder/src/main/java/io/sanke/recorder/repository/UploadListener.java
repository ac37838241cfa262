package io.sanke.recorder.repository;

/** Hears how an upload goes, object by object (progress, retries). Called on the uploading thread. */
public interface UploadListener {
    UploadListener NONE = new UploadListener() { };

    /** One object is stored. */
    default void uploaded(String key, long bytes) {
    }

    /** Try {@code attempt} of {@code key} failed; the next one follows after the backoff. */
    default void retrying(String key, int attempt, Exception cause) {
    }
}
