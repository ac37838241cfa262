package io.sanke.scheduler.coverage;

/** What a coverage report is about: {@code all}, or a {@code region}, {@code school} or {@code pairing} by id. */
public record Scope(String type, String id) {
    public static final Scope ALL = new Scope("all", null);
}
