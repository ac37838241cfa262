package io.sanke.scheduler.csv;

/**
 * The bilingual reasons of {@link CsvImport.RowError}: {@code "<中文> / <English>"}, Chinese
 * first, each half a whole sentence on its own, offending values and ids in brackets
 * ({@code [school:xx]}, {@code [周八]}).
 */
final class Reasons {
    private static final int SHOWN = 40;

    private Reasons() {
    }

    static String of(String zh, String en) {
        return zh + " / " + en;
    }

    /** A value as shown inside brackets: one line, at most 40 characters. */
    static String shown(String value) {
        String v = value.strip().replaceAll("[\\r\\n\\t]+", " ");
        return v.codePointCount(0, v.length()) <= SHOWN ? v : v.substring(0, v.offsetByCodePoints(0, SHOWN)) + "…";
    }
}
