package io.sanke.scheduler.csv;

import java.util.List;
import java.util.Locale;

/**
 * One column of an import file: its canonical English key (also the {@code field} of a
 * {@link CsvImport.RowError}), its Chinese header, the other headers accepted for it,
 * and whether the file must have it.
 */
record Column(String key, String zh, List<String> aliases, boolean required) {

    static Column required(String key, String zh, String... aliases) {
        return new Column(key, zh, List.of(aliases), true);
    }

    static Column optional(String key, String zh, String... aliases) {
        return new Column(key, zh, List.of(aliases), false);
    }

    /** True if a header cell names this column. */
    boolean matches(String header) {
        String h = normalize(header);
        if (h.equals(normalize(key)) || h.equals(normalize(zh))) {
            return true;
        }
        for (String alias : aliases) {
            if (h.equals(normalize(alias))) {
                return true;
            }
        }
        return false;
    }

    String header(CsvExport.Headers headers) {
        return headers == CsvExport.Headers.ZH ? zh : key;
    }

    /** Case-insensitive, surrounding spaces and a trailing required-marker {@code *} ignored, spaces ≡ {@code _}. */
    static String normalize(String header) {
        String h = header.strip();
        while (h.endsWith("*")) {
            h = h.substring(0, h.length() - 1).strip();
        }
        return h.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
    }
}
