package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.SchedulerException;

/**
 * What a coverage report is about: {@code all}, or a {@code region} (with its
 * descendant regions), a {@code school} or a {@code pairing} by id.
 */
public record Scope(String type, String id) {
    public static final Scope ALL = new Scope("all", null);

    public static Scope region(String id) {
        return new Scope("region", id);
    }

    public static Scope school(String id) {
        return new Scope("school", id);
    }

    public static Scope pairing(String id) {
        return new Scope("pairing", id);
    }

    /**
     * Reads a scope as a request gives it ({@code type} one of all, region, school,
     * pairing; {@code id} required unless all). Throws {@link SchedulerException}
     * ({@code invalid}) on anything else.
     */
    public static Scope parse(String type, String id) {
        if (type == null || type.isBlank() || type.equals("all")) {
            return ALL;
        }
        Scope scope = new Scope(type, id);
        scope.validate();
        return scope;
    }

    /** Checks the type is known and that an id is given when one is needed. */
    void validate() {
        switch (type == null ? "" : type) {
            case "all" -> {
            }
            case "region", "school", "pairing" -> {
                if (id == null || id.isBlank()) {
                    throw SchedulerException.invalid("scope", "a " + type + " scope needs an id");
                }
            }
            default -> throw SchedulerException.invalid("scope",
                    "unknown scope type [type:" + type + "], expected all, region, school or pairing");
        }
    }

    @Override
    public String toString() {
        return id == null ? type : type + ":" + id;
    }
}
