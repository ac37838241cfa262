package io.sanke.scheduler.csv;

/** A cell that does not parse; its message is a bilingual reason (see {@link Reasons}). */
final class BadValue extends Exception {
    BadValue(String zh, String en) {
        super(Reasons.of(zh, en), null, false, false);
    }
}
