package io.sanke.scheduler.api;

/**
 * A reference to one side of a {@link Conflict}: what kind of thing and its id,
 * e.g. {@code entry/e-17}, {@code term/2026-autumn}, {@code date/2026-10-01}.
 */
public record Ref(String type, String id) {
    public static Ref entry(String id) { return new Ref("entry", id); }
    public static Ref pairing(String id) { return new Ref("pairing", id); }
    public static Ref classroom(String id) { return new Ref("classroom", id); }
    public static Ref teacher(String id) { return new Ref("teacher", id); }
    public static Ref term(String id) { return new Ref("term", id); }
    public static Ref date(java.time.LocalDate d) { return new Ref("date", d.toString()); }

    @Override
    public String toString() {
        return type + "/" + id;
    }
}
